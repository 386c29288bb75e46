#pragma once
/// @file
/// @brief WAV, FLAC and AIFF reading and writing through libsndfile (the optional `iemlab::sndfile` adapter):
/// multi-channel, PCM 16/24/32 and float, with the file's comment text (where iemlab keeps sweep parameters).
///
/// Link `iemlab::sndfile` to use this header; it defines `IEMLAB_HAVE_SNDFILE`.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/io/atomic_file.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace iemlab::inline v0::io {

/// How samples are stored in a file.
enum class sample_format {
    pcm16,   ///< 16-bit integer
    pcm24,   ///< 24-bit integer
    pcm32,   ///< 32-bit integer
    float32, ///< IEEE float
    float64  ///< IEEE double
};

/// Name as used on the command line ("pcm16", "pcm24", "pcm32", "float32", "float64").
constexpr std::string_view to_string(sample_format f) noexcept {
    switch (f) {
    case sample_format::pcm16: return "pcm16";
    case sample_format::pcm24: return "pcm24";
    case sample_format::pcm32: return "pcm32";
    case sample_format::float32: return "float32";
    case sample_format::float64: return "float64";
    }
    return "float32";
}

/// Parses a sample_format name; throws iemlab::error naming `parameter` otherwise.
inline sample_format parse_sample_format(std::string_view name, std::string_view parameter = "format") {
    return parse_enum_name("parse_sample_format", parameter, name,
                           {sample_format::pcm16, sample_format::pcm24, sample_format::pcm32, sample_format::float32,
                            sample_format::float64});
}

/// Planar multi-channel audio with its sample rate, storage format and comment text.
template <class T>
struct audio_clip {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "float or double samples");
    double rate_hz = 48000;                    ///< sample rate, Hz
    std::vector<aligned_buffer<T>> channels;   ///< one buffer per channel, all of frames() samples
    sample_format format = sample_format::float32; ///< how the samples are (or will be) stored
    std::string comment;                       ///< the file's comment (SF_STR_COMMENT), may be empty

    /// Number of frames (samples per channel).
    std::size_t frames() const noexcept { return channels.empty() ? 0 : channels.front().size(); }
};

namespace detail {

// Out of line: g++ 12 warns falsely (-Wstringop-overflow) when file_error's message building is inlined here.
[[noreturn]] [[gnu::noinline]] inline void throw_audio_error(const std::filesystem::path& path, const std::string& why) {
    throw file_error(path.string(), 0, why);
}

struct sndfile_closer {
    SNDFILE* file;
    ~sndfile_closer() {
        if (file != nullptr) sf_close(file);
    }
};

/// Bytes libsndfile writes through its virtual I/O (write_audio() encodes into memory, then writes the file).
struct memory_sink {
    std::string bytes;      ///< the encoded file
    std::size_t offset = 0; ///< the write position
};

/// libsndfile's virtual I/O callbacks over a memory_sink.
inline SF_VIRTUAL_IO memory_sink_io() {
    SF_VIRTUAL_IO io{};
    io.get_filelen = [](void* user) -> sf_count_t {
        return static_cast<sf_count_t>(static_cast<memory_sink*>(user)->bytes.size());
    };
    io.seek = [](sf_count_t offset, int whence, void* user) -> sf_count_t {
        auto* s = static_cast<memory_sink*>(user);
        sf_count_t base = 0;
        if (whence == SEEK_CUR) base = static_cast<sf_count_t>(s->offset);
        else if (whence == SEEK_END) base = static_cast<sf_count_t>(s->bytes.size());
        const sf_count_t to = base + offset;
        if (to < 0) return -1;
        s->offset = static_cast<std::size_t>(to);
        return to;
    };
    io.read = [](void* ptr, sf_count_t count, void* user) -> sf_count_t {
        auto* s = static_cast<memory_sink*>(user);
        if (s->offset >= s->bytes.size() || count <= 0) return 0;
        const std::size_t n = std::min(static_cast<std::size_t>(count), s->bytes.size() - s->offset);
        std::memcpy(ptr, s->bytes.data() + s->offset, n);
        s->offset += n;
        return static_cast<sf_count_t>(n);
    };
    io.write = [](const void* ptr, sf_count_t count, void* user) -> sf_count_t {
        auto* s = static_cast<memory_sink*>(user);
        if (count <= 0) return 0;
        const std::size_t n = static_cast<std::size_t>(count);
        if (s->bytes.size() < s->offset + n) s->bytes.resize(s->offset + n);
        std::memcpy(s->bytes.data() + s->offset, ptr, n);
        s->offset += n;
        return count;
    };
    io.tell = [](void* user) -> sf_count_t { return static_cast<sf_count_t>(static_cast<memory_sink*>(user)->offset); };
    return io;
}

inline int sndfile_major_format(const std::filesystem::path& path) {
    if (path == "-") return SF_FORMAT_WAV; // standard output
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".wav" || ext == ".wave") return SF_FORMAT_WAV;
    if (ext == ".flac") return SF_FORMAT_FLAC;
    if (ext == ".aif" || ext == ".aiff") return SF_FORMAT_AIFF;
    detail::throw_audio_error(path, "unknown audio file extension '" + ext + "' (expected .wav, .flac, .aiff)");
}

inline sample_format from_sndfile_subtype(int format) noexcept {
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_16: return sample_format::pcm16;
    case SF_FORMAT_PCM_24: return sample_format::pcm24;
    case SF_FORMAT_PCM_32: return sample_format::pcm32;
    case SF_FORMAT_DOUBLE: return sample_format::float64;
    default: return sample_format::float32;
    }
}

inline int to_sndfile_subtype(sample_format f) noexcept {
    switch (f) {
    case sample_format::pcm16: return SF_FORMAT_PCM_16;
    case sample_format::pcm24: return SF_FORMAT_PCM_24;
    case sample_format::pcm32: return SF_FORMAT_PCM_32;
    case sample_format::float32: return SF_FORMAT_FLOAT;
    case sample_format::float64: return SF_FORMAT_DOUBLE;
    }
    return SF_FORMAT_FLOAT;
}

} // namespace detail

/// Reads a WAV, FLAC or AIFF file (any format libsndfile reads) into planar samples scaled to ±1 full scale.
/// @throws iemlab::file_error if the file cannot be opened or decoded, holds no samples, or holds NaN/Inf.
template <class T>
audio_clip<T> read_audio(const std::filesystem::path& path) {
    SF_INFO info{};
    detail::sndfile_closer f{sf_open(path.string().c_str(), SFM_READ, &info)};
    if (f.file == nullptr) detail::throw_audio_error(path, std::string("cannot be read: ") + sf_strerror(nullptr));
    if (info.frames <= 0 || info.channels <= 0) detail::throw_audio_error(path, "contains no samples");
    audio_clip<T> clip;
    clip.rate_hz = info.samplerate;
    clip.format = detail::from_sndfile_subtype(info.format);
    if (const char* c = sf_get_string(f.file, SF_STR_COMMENT)) clip.comment = c;
    const auto channels = static_cast<std::size_t>(info.channels);
    // Read in blocks instead of allocating what the header claims: a damaged 77-byte header claiming 1.7e10
    // frames made the reader allocate 68 GB (found by fuzzing). Memory now follows the samples actually present.
    constexpr sf_count_t block = 4096;
    std::vector<T> interleaved, buffer(static_cast<std::size_t>(block) * channels);
    sf_count_t got = 0;
    while (got < info.frames) {
        sf_count_t n = 0;
        if constexpr (std::is_same_v<T, float>) n = sf_readf_float(f.file, buffer.data(), std::min(block, info.frames - got));
        else n = sf_readf_double(f.file, buffer.data(), std::min(block, info.frames - got));
        if (n <= 0) break;
        interleaved.insert(interleaved.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n) * static_cast<std::ptrdiff_t>(channels));
        got += n;
    }
    if (got != info.frames)
        detail::throw_audio_error(path, "is truncated: read " + std::to_string(got) + " of " + std::to_string(info.frames) + " frames");
    const auto frames = static_cast<std::size_t>(got);
    clip.channels.reserve(channels);
    for (std::size_t c = 0; c < channels; ++c) {
        aligned_buffer<T> ch(frames);
        for (std::size_t n = 0; n < frames; ++n) {
            const T v = interleaved[n * channels + c];
            if (!std::isfinite(v))
                detail::throw_audio_error(path, "sample " + std::to_string(n) + " of channel " + std::to_string(c) + " is not finite");
            ch[n] = v;
        }
        clip.channels.push_back(std::move(ch));
    }
    return clip;
}

/// Writes `clip` to `path` as WAV, FLAC or AIFF (from the extension) in clip.format, with clip.comment as the
/// file's comment (`-`: WAV on standard output). Integer formats clip at full scale. The file is encoded in memory,
/// then written by write_file_atomically() (complete or absent; symlinks kept, devices and FIFOs written in
/// place). FLAC takes pcm16 and pcm24 only.
/// @throws iemlab::error on empty, ragged or non-finite data; iemlab::file_error when writing fails.
template <class T>
void write_audio(const std::filesystem::path& path, const audio_clip<T>& clip) {
    constexpr std::string_view where = "write_audio";
    if (clip.channels.empty() || clip.frames() == 0) throw_invalid(where, "clip", "has no samples");
    for (const auto& ch : clip.channels) {
        if (ch.size() != clip.frames()) throw_invalid(where, "clip", "channels differ in length");
        for (std::size_t n = 0; n < ch.size(); ++n)
            if (!std::isfinite(ch[n]))
                throw_invalid(where, "clip", "sample " + std::to_string(n) + " is not finite");
    }
    if (!(clip.rate_hz >= 1 && clip.rate_hz <= 2147483647.0 && clip.rate_hz == std::round(clip.rate_hz)))
        throw_out_of_range(where, "rate", clip.rate_hz, "Hz", "a whole number of Hz >= 1");
    const int major = detail::sndfile_major_format(path);
    if (major == SF_FORMAT_FLAC && clip.format != sample_format::pcm16 && clip.format != sample_format::pcm24)
        detail::throw_audio_error(path, "FLAC stores pcm16 or pcm24 samples, not " + std::string(to_string(clip.format)));
    SF_INFO info{};
    info.samplerate = static_cast<int>(clip.rate_hz);
    info.channels = static_cast<int>(clip.channels.size());
    info.format = major | detail::to_sndfile_subtype(clip.format);
    if (sf_format_check(&info) == 0)
        detail::throw_audio_error(path, "libsndfile cannot write " + std::string(to_string(clip.format)) + " here");

    // Encoded in memory through libsndfile's virtual I/O, then written by the one output rule
    // (write_file_atomically: atomic replace through symlinks, devices and FIFOs in place, `-` for stdout).
    detail::memory_sink sink;
    {
        SF_VIRTUAL_IO io = detail::memory_sink_io();
        detail::sndfile_closer f{sf_open_virtual(&io, SFM_WRITE, &info, &sink)};
        if (f.file == nullptr)
            detail::throw_audio_error(path, std::string("cannot be encoded: ") + sf_strerror(nullptr));
        sf_command(f.file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
        if (!clip.comment.empty() && sf_set_string(f.file, SF_STR_COMMENT, clip.comment.c_str()) != 0)
            detail::throw_audio_error(path, std::string("cannot store the comment: ") + sf_strerror(f.file));
        const std::size_t channels = clip.channels.size();
        constexpr std::size_t block = 4096;
        std::vector<T> interleaved(block * channels);
        for (std::size_t start = 0; start < clip.frames(); start += block) {
            const std::size_t m = std::min(block, clip.frames() - start);
            for (std::size_t n = 0; n < m; ++n)
                for (std::size_t c = 0; c < channels; ++c) interleaved[n * channels + c] = clip.channels[c][start + n];
            sf_count_t put = 0;
            if constexpr (std::is_same_v<T, float>)
                put = sf_writef_float(f.file, interleaved.data(), static_cast<sf_count_t>(m));
            else put = sf_writef_double(f.file, interleaved.data(), static_cast<sf_count_t>(m));
            if (put != static_cast<sf_count_t>(m))
                detail::throw_audio_error(path, std::string("write failed: ") + sf_strerror(f.file));
        }
        if (sf_close(f.file) != 0) {
            f.file = nullptr;
            detail::throw_audio_error(path, "write failed when closing");
        }
        f.file = nullptr;
    }
    write_file_atomically(path, [&](std::ostream& os) {
        os.write(sink.bytes.data(), static_cast<std::streamsize>(sink.bytes.size()));
    });
}

} // namespace iemlab::inline v0::io
