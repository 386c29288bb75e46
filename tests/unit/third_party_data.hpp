#pragma once
// Third-party data for the unit tests: real measurements, targets and recordings that keep their own licences and
// are not part of this repository. Their directory is the CMake cache variable IEMLAB_DATA (default: ../shared/data
// beside the source tree), overridden at run time by the environment variable of the same name.
//
// A test case that reads it carries the tag [data] and starts with IEMLAB_REQUIRE_DATA(); without the data it
// prints the line "iemlab-test: skipped: …" and returns, and ctest (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt)
// reports it as skipped with that reason. Run `iemlab-tests '~[data]'` to leave them out entirely.

#include <cstdlib>
#include <filesystem>
#include <iostream>

#ifndef IEMLAB_DATA_DIR
#error "IEMLAB_DATA_DIR is set by tests/CMakeLists.txt on the files that include third_party_data.hpp"
#endif

namespace iemlab::test {

/// The third-party data directory: $IEMLAB_DATA if set, else the one configured at build time.
inline std::filesystem::path data_dir() {
    if (const char* env = std::getenv("IEMLAB_DATA"); env != nullptr && *env != '\0') return env;
    return IEMLAB_DATA_DIR;
}

/// True when the data directory exists; otherwise prints the skip line ctest looks for.
inline bool have_data() {
    const auto dir = data_dir();
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return true;
    std::cout << "iemlab-test: skipped: third-party data not found at " << dir.string()
              << " (set IEMLAB_DATA to its directory)\n";
    return false;
}

} // namespace iemlab::test

/// Leaves the current test case, reported as skipped by ctest, when the third-party data is absent.
#define IEMLAB_REQUIRE_DATA()                                                                                          \
    do {                                                                                                               \
        if (!::iemlab::test::have_data()) return;                                                                      \
    } while (false)
