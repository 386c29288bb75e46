// One libFuzzer entry point; IEMLAB_FUZZ_BODY names the body in fuzz_targets.hpp.
#include "fuzz_targets.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        iemlab_fuzz::IEMLAB_FUZZ_BODY(data, size);
    } catch (const std::exception& e) { // not iemlab::error (the bodies accept those): a finding
        std::fprintf(stderr, "fuzz finding: %s\n", e.what());
        std::abort();
    }
    return 0;
}
