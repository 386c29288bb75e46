#pragma once
/// @file
/// @brief Writing a file so that it is either complete or absent: write a temporary sibling, then rename.

#include "iemlab/core/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

namespace iemlab::inline v0::io {

/// Calls `write(std::ostream&)` on a temporary file next to `path`, then renames it to `path`. If `write` throws
/// or the stream fails, the temporary file is removed, `path` is left as it was, and the error propagates
/// (a stream failure becomes an iemlab::file_error).
template <class Writer>
void write_file_atomically(const std::filesystem::path& path, Writer&& write) {
    namespace fs = std::filesystem;
    const fs::path temporary = path.string() + ".partial";
    try {
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            if (!out) throw file_error(path.string(), 0, "cannot be opened for writing");
            std::forward<Writer>(write)(static_cast<std::ostream&>(out));
            out.flush();
            if (!out) throw file_error(path.string(), 0, "write failed (disk full?)");
        }
        std::error_code ec;
        fs::rename(temporary, path, ec);
        if (ec) throw file_error(path.string(), 0, "cannot be replaced: " + ec.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

} // namespace iemlab::inline v0::io
