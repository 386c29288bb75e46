#pragma once
/// @file
/// @brief The electrical side of a calibrated measurement: the voltage the sweep puts across the IEM's terminals,
/// which turns the SPL a calibrated microphone measured at 1 kHz into the sensitivity a spec sheet states
/// (dB SPL for 1 V, and for 1 mW with the impedance at 1 kHz).
///
/// The sweep is a sine of slowly changing frequency, so at 1 kHz it drives the IEM like a 1 kHz tone at the sweep's
/// peak level: its RMS voltage across the terminals is what a voltmeter reads for such a tone. It is either
/// measured there (`--drive-voltage`), or follows from the interface: the open-circuit RMS voltage of a 0 dBFS
/// sine, the sweep's level, and the divider Z/(Z + Z_s) of the source's output impedance Z_s and the IEM's Z.

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/electroacoustics/sensitivity.hpp"

#include <cmath>
#include <complex>
#include <optional>

namespace iemlab::inline v0::measure {

/// The voltage across the IEM's terminals during a sweep, at 1 kHz, and the IEM's impedance there.
struct terminal_drive {
    double v_rms = 0;                    ///< RMS voltage across the terminals of a sine at the sweep's peak level, V
    std::optional<double> impedance_ohm; ///< |Z(1 kHz)| of the IEM, Ω (none: only dB/V can be given)

    /// Measured across the terminals: `v_rms`, with the IEM's impedance at 1 kHz when known (for dB/mW).
    /// @throws iemlab::error for a voltage outside 1 µV … 100 V or an impedance that is not passive (Re Z < 0)
    /// or outside 1 mΩ … 1 MΩ.
    static terminal_drive measured(double v_rms, std::optional<std::complex<double>> z_iem = std::nullopt) {
        terminal_drive d;
        d.v_rms = v_rms;
        if (z_iem) d.impedance_ohm = checked_magnitude("impedance", *z_iem);
        d.validate();
        return d;
    }

    /// From the interface: `full_scale_v_rms`, the open-circuit RMS voltage of a 0 dBFS sine; the sweep's peak
    /// level `sweep_dbfs`; the source's output impedance `z_source` and the IEM's `z_iem`, both at 1 kHz. Without
    /// `z_iem` the source must be ideal (z_source = 0): the terminals see the open-circuit voltage.
    /// @throws iemlab::error for a voltage outside 1 µV … 100 V, an impedance that is not passive (Re Z < 0) or
    /// outside 1 mΩ … 1 MΩ (0 allowed for the source), or a source impedance without the IEM's.
    static terminal_drive from_interface(double full_scale_v_rms, double sweep_dbfs, std::complex<double> z_source,
                                         std::optional<std::complex<double>> z_iem) {
        constexpr const char* where = "terminal_drive";
        require_in_range(where, "full_scale_voltage", full_scale_v_rms, 1e-6, 100, "V");
        if (!(std::isfinite(z_source.real()) && std::isfinite(z_source.imag()) && z_source.real() >= 0 && std::abs(z_source) <= 1e6))
            throw_out_of_range(where, "source_impedance", z_source.real(), "ohm", "a passive source: Re Z >= 0, |Z| <= 1e6 ohm");
        terminal_drive d;
        d.v_rms = full_scale_v_rms * db_to_amplitude(sweep_dbfs);
        if (z_iem) {
            d.impedance_ohm = checked_magnitude("impedance", *z_iem);
            d.v_rms *= std::abs(*z_iem / (*z_iem + z_source)); // both passive, |Z| > 0: Z + Z_s != 0
        } else if (std::abs(z_source) > 0) {
            throw_invalid(where, "impedance", "is needed with a source impedance (the divider Z/(Z + Z_s))");
        }
        d.validate();
        return d;
    }

    /// Throws iemlab::error naming the first value out of range: 1 µV … 100 V, an impedance of 1 mΩ … 1 MΩ.
    void validate() const {
        constexpr const char* where = "terminal_drive";
        require_in_range(where, "drive_voltage", v_rms, 1e-6, 100, "V");
        if (impedance_ohm) require_in_range(where, "impedance", *impedance_ohm, 1e-3, 1e6, "ohm");
    }

private:
    // |z| of a passive impedance within 1 mΩ … 1 MΩ.
    static double checked_magnitude(const char* parameter, std::complex<double> z) {
        if (!(std::isfinite(z.real()) && std::isfinite(z.imag()) && z.real() >= 0))
            throw_out_of_range("terminal_drive", parameter, z.real(), "ohm", "a passive impedance: Re Z >= 0");
        require_in_range("terminal_drive", parameter, std::abs(z), 1e-3, 1e6, "ohm");
        return std::abs(z);
    }
};

/// An IEM's sensitivity as measured at 1 kHz.
struct measured_sensitivity {
    double db_spl_per_v = 0;              ///< dB SPL for 1 V RMS across the terminals
    std::optional<double> db_spl_per_mw;  ///< dB SPL for 1 mW into |Z(1 kHz)| (when the impedance is known)
    double spl_db = 0;                    ///< the SPL measured at 1 kHz
    terminal_drive drive;                 ///< the drive it was measured with

    /// SPL at `volts` RMS across the terminals (e.g. the spec sheets' "at 0.1 V").
    double spl_at_voltage(double volts) const noexcept { return db_spl_per_v + amplitude_to_db(volts); }
};

/// The sensitivity that `spl_db`, measured at 1 kHz with `drive`, means. The dB/V → dB/mW step is the spec
/// sheets' P = V²/|Z| (electroacoustics::sensitivity).
/// @throws iemlab::error for a drive out of range or a level outside −50 … 250 dB SPL.
inline measured_sensitivity sensitivity_from(double spl_db, const terminal_drive& drive) {
    drive.validate();
    require_in_range("sensitivity_from", "spl", spl_db, -50, 250, "dB SPL");
    measured_sensitivity s;
    s.spl_db = spl_db;
    s.drive = drive;
    s.db_spl_per_v = spl_db - amplitude_to_db(drive.v_rms);
    if (drive.impedance_ohm)
        s.db_spl_per_mw = electroacoustics::sensitivity::per_volt(s.db_spl_per_v, *drive.impedance_ohm).db_per_milliwatt();
    return s;
}

} // namespace iemlab::inline v0::measure
