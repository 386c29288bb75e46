#pragma once
/// @file
/// @brief Electrical impedance curves: ZMA files and REW impedance text exports (FRD/ZMA; REW impedance export), the
/// input for fitting driver models.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/detail/columns.hpp"
#include "iemlab/io/detail/text_output.hpp"
#include "iemlab/io/detail/text_table.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <filesystem>
#include <numbers>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io {

/// An impedance magnitude |Z| (Ω) and optional phase (degrees) versus frequency (Hz, strictly increasing).
struct impedance_curve {
    std::vector<double> frequency_hz;  ///< frequencies, Hz, strictly increasing, >= 0
    std::vector<double> magnitude_ohm; ///< |Z|, Ω, >= 0
    std::vector<double> phase_deg;     ///< arg Z, degrees; empty when the file has no phase
    std::string name;                  ///< label (the file's stem when read from a file)

    /// Number of points.
    std::size_t size() const noexcept { return frequency_hz.size(); }
    /// True when a phase is stored.
    bool has_phase() const noexcept { return !phase_deg.empty(); }
    /// Z at point i as a complex number, Ω (zero phase when none is stored).
    std::complex<double> value(std::size_t i) const {
        const double phase = has_phase() ? phase_deg[i] * std::numbers::pi / 180.0 : 0.0;
        return std::polar(magnitude_ohm[i], phase);
    }

    /// Throws iemlab::error naming the first inconsistent value (sizes, non-finite, negative |Z|, order).
    void validate() const {
        constexpr const char* where = "impedance_curve";
        require_valid_grid(where, "frequency_hz", frequency_hz);
        if (magnitude_ohm.size() != frequency_hz.size())
            throw_out_of_range(where, "magnitude_ohm.size()", double(magnitude_ohm.size()), "",
                               "as many magnitudes as frequencies (" + std::to_string(frequency_hz.size()) + ")");
        if (!phase_deg.empty() && phase_deg.size() != frequency_hz.size())
            throw_out_of_range(where, "phase_deg.size()", double(phase_deg.size()), "",
                               "0 or as many phases as frequencies (" + std::to_string(frequency_hz.size()) + ")");
        for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
            if (!std::isfinite(magnitude_ohm[i]) || magnitude_ohm[i] < 0)
                throw_out_of_range(where, "magnitude_ohm[" + std::to_string(i) + "]", magnitude_ohm[i], "ohm",
                                   "finite and >= 0");
            if (!phase_deg.empty() && !std::isfinite(phase_deg[i]))
                throw_out_of_range(where, "phase_deg[" + std::to_string(i) + "]", phase_deg[i], "deg", "finite");
        }
    }
};

/// Parses a ZMA file or a REW impedance text export: `freq ohm [deg]` rows with the tolerant reader of
/// parse_response() (comments, header, delimiters, CRLF), columns by header name or position. A phase column of
/// zeros is kept (an impedance with zero phase is a plausible measurement of a resistor).
/// @throws iemlab::file_error naming `source_name` and the line for damaged, non-increasing or negative values.
inline impedance_curve parse_impedance(std::string_view text, std::string_view source_name) {
    const detail::scanned_table table = detail::scan_table(text, source_name);
    const detail::column_map map = detail::map_columns(table, source_name);
    detail::columns c = detail::extract_columns(table, map, source_name, detail::magnitude_unit::ohm, true);
    return impedance_curve{std::move(c.frequency_hz), std::move(c.magnitude), std::move(c.phase_deg),
                           detail::stem_of(source_name)};
}

/// Reads a ZMA or REW impedance export (see parse_impedance()); named after the file's stem.
inline impedance_curve read_impedance(const std::filesystem::path& path) {
    return parse_impedance(detail::read_text_file(path), path.string());
}

/// ZMA text: a `*` comment line, then `freq ohm [deg]` rows, space separated; frequency with 6 decimals (more
/// when needed to keep points distinct), |Z| with 6 significant digits, phase with 4 decimals.
/// @throws iemlab::error when the curve is invalid (see impedance_curve::validate()).
inline std::string format_impedance(const impedance_curve& z) {
    z.validate();
    std::string s = z.has_phase() ? "* Frequency(Hz) Impedance(Ohm) Phase(degrees)\n" : "* Frequency(Hz) Impedance(Ohm)\n";
    s.reserve(40 * z.size() + 64);
    const int fd = detail::decimals_for_distinct(z.frequency_hz, 6);
    for (std::size_t i = 0; i < z.size(); ++i) {
        detail::append_fixed(s, z.frequency_hz[i], fd);
        s += ' ';
        detail::append_general(s, z.magnitude_ohm[i], 6);
        if (z.has_phase()) {
            s += ' ';
            detail::append_fixed(s, z.phase_deg[i], 4);
        }
        s += '\n';
    }
    return s;
}

/// Writes format_impedance(z) to `path` atomically (complete or absent).
inline void write_impedance(const std::filesystem::path& path, const impedance_curve& z) {
    const std::string text = format_impedance(z);
    write_file_atomically(path, [&](std::ostream& os) { os.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

} // namespace iemlab::inline v0::io
