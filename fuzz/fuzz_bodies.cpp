// Every fuzz body compiled once (the heavy part: every parser and the configs), shared by the fuzz_* targets,
// each of which is only fuzz_main.cpp naming its body.
#include "fuzz_targets.hpp"

#include <string_view>

namespace iemlab_fuzz {

body_function find_body(std::string_view name) {
    struct entry {
        std::string_view name;
        body_function body;
    };
    static constexpr entry bodies[] = {
        {"rew", rew}, {"squig", squig}, {"autoeq", autoeq}, {"frd", frd}, {"zma", zma}, {"csv", csv},
        {"impedance", impedance}, {"mic_cal", mic_cal}, {"quantity", quantity}, {"sweep_metadata", sweep_metadata},
        {"equalizer_apo", equalizer_apo},
#if defined(IEMLAB_FUZZ_CONFIGS)
        {"iem_config", iem_config}, {"rig_config", rig_config},
#endif
#if defined(IEMLAB_HAVE_SNDFILE)
        {"wav", wav},
#endif
    };
    for (const entry& e : bodies)
        if (e.name == name) return e.body;
    return nullptr;
}

} // namespace iemlab_fuzz
