#pragma once
/// @file
/// @brief Writing an output file so that it is either complete or absent, the one rule every writer shares:
/// a regular file (or a symlink to one) is replaced atomically through the link, a character device or FIFO is
/// written directly, `-` is standard output, anything else is refused.

#include "iemlab/core/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <system_error>
#include <utility>

namespace iemlab::inline v0::io {

/// How an output path is written (see output_target()).
enum class output_kind {
    standard_output, ///< the path is `-`: the bytes go to std::cout
    replace,         ///< a regular file or a new file: written to a temporary sibling, then renamed over it
    direct           ///< a character device (/dev/stdout, /dev/null) or a FIFO: opened and written in place
};

/// Where and how an output path is written: `path` after following symlinks, and the way to write it.
struct output_target {
    std::filesystem::path path; ///< the file written (the symlink's final target; `-` for standard output)
    output_kind kind{};         ///< how it is written
};

/// Resolves an output path. `-` is standard output. Symlinks are followed (also a dangling one, whose target
/// is created), so that replacing the file keeps the link. A regular file or a missing one is `replace`; a
/// character device or FIFO is `direct`. @throws iemlab::file_error naming `path` for a directory, socket,
/// block device or other non-regular file (never replaced), and for a symlink loop.
inline output_target resolve_output(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    if (path == "-") return {path, output_kind::standard_output};
    if (path.empty()) throw file_error("(empty path)", 0, "no output file name given");
    fs::path p = path;
    std::error_code ec;
    for (int hops = 0;; ++hops) {
        const auto link = fs::symlink_status(p, ec);
        if (ec || link.type() != fs::file_type::symlink) break;
        if (hops == 40) throw file_error(path.string(), 0, "too many levels of symbolic links");
        fs::path next = fs::read_symlink(p, ec);
        if (ec) throw file_error(path.string(), 0, "cannot read the symbolic link: " + ec.message());
        p = next.is_absolute() ? next : p.parent_path() / next;
    }
    const auto status = fs::status(p, ec);
    switch (status.type()) {
    case fs::file_type::not_found:
    case fs::file_type::none:
    case fs::file_type::regular: return {p, output_kind::replace};
    case fs::file_type::character:
    case fs::file_type::fifo: return {p, output_kind::direct};
    case fs::file_type::directory:
        throw file_error(path.string(), 0, "is a directory; give a file name (or - for standard output)");
    default:
        throw file_error(path.string(), 0,
                         "is not a regular file, character device or FIFO (a socket or block device?); not replaced");
    }
}

/// Calls `write(std::ostream&)` for the output `path` (see resolve_output()): for a regular file a temporary
/// sibling `<target>.partial-<random>` is written and renamed over the target, keeping the target's permissions
/// and any symlink pointing to it; a character device or FIFO is written in place; `-` writes std::cout. If
/// `write` throws or the stream fails, the temporary file is removed, the target is left as it was, and the
/// error propagates (a stream failure becomes an iemlab::file_error naming `path`).
template <class Writer>
void write_file_atomically(const std::filesystem::path& path, Writer&& write) {
    namespace fs = std::filesystem;
    const output_target target = resolve_output(path);
    if (target.kind == output_kind::standard_output) {
        std::forward<Writer>(write)(std::cout);
        std::cout.flush();
        if (!std::cout) throw file_error("standard output", 0, "write failed");
        return;
    }
    if (target.kind == output_kind::direct) {
        std::ofstream out(target.path, std::ios::binary);
        if (!out) throw file_error(path.string(), 0, "cannot be opened for writing");
        std::forward<Writer>(write)(static_cast<std::ostream&>(out));
        out.flush();
        if (!out) throw file_error(path.string(), 0, "write failed");
        return;
    }
    std::random_device entropy;
    char tag[16];
    std::snprintf(tag, sizeof tag, "%08x", static_cast<unsigned>(entropy()));
    const fs::path temporary = target.path.string() + ".partial-" + tag;
    try {
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            if (!out) throw file_error(path.string(), 0, "cannot be opened for writing");
            std::forward<Writer>(write)(static_cast<std::ostream&>(out));
            out.flush();
            if (!out) throw file_error(path.string(), 0, "write failed (disk full?)");
        }
        std::error_code ec;
        const auto existing = fs::status(target.path, ec);
        if (!ec && existing.type() == fs::file_type::regular)
            fs::permissions(temporary, existing.permissions(), ec); // best effort: keep the file's mode
        ec.clear();
        fs::rename(temporary, target.path, ec);
        if (ec) throw file_error(path.string(), 0, "cannot be replaced: " + ec.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

} // namespace iemlab::inline v0::io
