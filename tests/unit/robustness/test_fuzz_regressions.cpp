// Replays the inputs the fuzzers found (tests/data/fuzz-regressions/<target>/, one file per crash, named after
// what it broke) and the committed seeds (fuzz/seeds/<target>/) through the same bodies the libFuzzer targets
// run (fuzz/fuzz_targets.hpp): each must end normally or with iemlab::error, never with another exception or a
// broken invariant. Under the asan preset this also replays them with ASan + UBSan.
#if __has_include(<nlohmann/json.hpp>) && defined(IEMLAB_HAVE_EIGEN)
#define IEMLAB_FUZZ_CONFIGS 1 // the JSON config bodies (header-only dependencies, present in this build)
#endif
#include "../../../fuzz/fuzz_targets.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using body = void (*)(const std::uint8_t*, std::size_t);

std::vector<std::filesystem::path> inputs_of(std::string_view target) {
    std::vector<std::filesystem::path> files;
    for (const char* root : {IEMLAB_SOURCE_DIR "/tests/data/fuzz-regressions/", IEMLAB_SOURCE_DIR "/fuzz/seeds/"}) {
        const std::filesystem::path dir = std::filesystem::path(root) / target;
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.is_regular_file() && entry.path().extension() != ".py") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::size_t replay(std::string_view target, body run) {
    const auto files = inputs_of(target);
    for (const auto& file : files) {
        std::string bytes(static_cast<std::size_t>(std::filesystem::file_size(file)), '\0');
        std::ifstream in(file, std::ios::binary);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        INFO(target << ": " << file.string());
        CHECK_NOTHROW(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    }
    return files.size();
}

} // namespace

TEST_CASE("fuzz regressions and seeds replay without findings", "[robustness][fuzz]") {
    const std::vector<std::pair<std::string_view, body>> targets{
        {"rew", iemlab_fuzz::rew},
        {"squig", iemlab_fuzz::squig},
        {"autoeq", iemlab_fuzz::autoeq},
        {"frd", iemlab_fuzz::frd},
        {"zma", iemlab_fuzz::zma},
        {"csv", iemlab_fuzz::csv},
        {"impedance", iemlab_fuzz::impedance},
        {"mic_cal", iemlab_fuzz::mic_cal},
        {"quantity", iemlab_fuzz::quantity},
        {"sweep_metadata", iemlab_fuzz::sweep_metadata},
#if defined(IEMLAB_HAVE_SNDFILE)
        {"wav", iemlab_fuzz::wav},
#endif
#if defined(IEMLAB_FUZZ_CONFIGS)
        {"iem_config", iemlab_fuzz::iem_config},
        {"rig_config", iemlab_fuzz::rig_config},
#endif
    };
    std::size_t total = 0;
    for (const auto& [name, run] : targets) total += replay(name, run);
    CHECK(total >= 30); // the seeds alone are more than this: a wrong path would silently replay nothing
}

TEST_CASE("fuzz regressions: the quantity parser's findings stay fixed", "[robustness][fuzz]") {
    using Catch::Matchers::Contains;
    // A bare number for a temperature without a default unit is kelvin, so "-5" and "0" are below 0 K.
    CHECK_THROWS_WITH(iemlab::parse_quantity("-5", iemlab::quantity_kind::temperature, "--t"),
                      Contains("--t") && Contains("absolute zero"));
    CHECK_THROWS_WITH(iemlab::parse_quantity("0", iemlab::quantity_kind::temperature, "--t"), Contains("absolute zero"));
    CHECK(iemlab::parse_quantity("310.15", iemlab::quantity_kind::temperature, "--t") == 310.15);
    // A finite number times its unit's scale can overflow to infinity.
    CHECK_THROWS_WITH(iemlab::parse_frequency("1e308kHz", "--f"), Contains("--f") && Contains("representable"));
    CHECK(iemlab::parse_frequency("1e300kHz", "--f").value() == 1e303);
}
