// One libFuzzer entry point; IEMLAB_FUZZ_BODY names the body (fuzz_targets.hpp, compiled in fuzz_bodies.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace iemlab_fuzz {
using body_function = void (*)(const std::uint8_t*, std::size_t);
body_function find_body(std::string_view name); // fuzz_bodies.cpp
} // namespace iemlab_fuzz

#define IEMLAB_FUZZ_STRING2(x) #x
#define IEMLAB_FUZZ_STRING(x) IEMLAB_FUZZ_STRING2(x)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const iemlab_fuzz::body_function body = [] {
        const auto found = iemlab_fuzz::find_body(IEMLAB_FUZZ_STRING(IEMLAB_FUZZ_BODY));
        if (found == nullptr) {
            std::fprintf(stderr, "fuzz: no body named %s in this build\n", IEMLAB_FUZZ_STRING(IEMLAB_FUZZ_BODY));
            std::abort();
        }
        return found;
    }();
    try {
        body(data, size);
    } catch (const std::exception& e) { // not iemlab::error (the bodies accept those): a finding
        std::fprintf(stderr, "fuzz finding: %s\n", e.what());
        std::abort();
    }
    return 0;
}
