#pragma once
/// @file
/// @brief One type for every driver the CLI and the IEM configuration can name — a closed-form BA impedance, a
/// BA receiver (fitted preset), a Thiele–Small driver or a measured impedance — and the parser of the driver
/// specs of docs/cli.md (`ba:re=…,k=…,n=…,r1=…,l1=…,c1=…`, `ts:re=…,le=…,bl=…,mms=…,cms=…,rms=…,sd=…`, `zma:FILE`,
/// and `knowles:NAME`).

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/electroacoustics/ba_receiver.hpp"
#include "iemlab/electroacoustics/dynamic_driver.hpp"
#include "iemlab/network/spectrum.hpp"
#include "iemlab/network/two_port.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <map>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// A driver's impedance known only from measurement (a `.zma`/REW file): electrical, no acoustic model.
class measured_impedance {
public:
    /// Complex Z on strictly increasing frequencies (> 0 Hz), every |Z| > 0; `name` labels errors.
    measured_impedance(std::vector<double> frequency_hz, std::vector<std::complex<double>> z, std::string name = {})
        : f_(std::move(frequency_hz)), z_(std::move(z)), name_(std::move(name)) {
        const std::string where = name_.empty() ? std::string("measured_impedance") : name_;
        require_valid_grid(where, "frequency", f_, {.zero_allowed = false});
        if (z_.size() != f_.size())
            throw_out_of_range(where, "z.size()", double(z_.size()), "", "as many values as frequencies");
        for (std::size_t i = 0; i < f_.size(); ++i) {
            if (!(std::abs(z_[i]) > 0) || !std::isfinite(std::abs(z_[i])))
                throw_out_of_range(where, "|z[" + std::to_string(i) + "]|", std::abs(z_[i]), "ohm", "finite and > 0");
        }
    }
    /// Frequencies, Hz.
    const std::vector<double>& frequencies() const noexcept { return f_; }
    /// Complex impedance, Ω.
    const std::vector<std::complex<double>>& values() const noexcept { return z_; }
    /// Label (file name).
    const std::string& name() const noexcept { return name_; }

    /// Z at `f_hz`: ln|Z| and unwrapped phase interpolated linearly in ln f; `f_hz` must lie within the data.
    std::complex<double> at(double f_hz) const {
        // A tolerance of 1e-9 relative lets a grid end that equals a data end through despite rounding.
        if (!(f_hz >= f_.front() * (1 - 1e-9) && f_hz <= f_.back() * (1 + 1e-9)))
            throw_out_of_range(name_.empty() ? "measured_impedance" : name_, "frequency", f_hz, "Hz",
                               "within the measured " + format_number(f_.front()) + " … " + format_number(f_.back()) +
                                   " Hz (no extrapolation)");
        const auto it = std::lower_bound(f_.begin(), f_.end(), f_hz);
        if (it == f_.begin()) return z_.front();
        if (it == f_.end()) return z_.back();
        const auto hi = static_cast<std::size_t>(it - f_.begin()), lo = hi - 1;
        const double t = std::log(f_hz / f_[lo]) / std::log(f_[hi] / f_[lo]);
        const double lm = (1 - t) * std::log(std::abs(z_[lo])) + t * std::log(std::abs(z_[hi]));
        const double p0 = std::arg(z_[lo]);
        const double dp = std::remainder(std::arg(z_[hi]) - p0, 2 * std::numbers::pi);
        return std::polar(std::exp(lm), p0 + t * dp);
    }

private:
    std::vector<double> f_;
    std::vector<std::complex<double>> z_;
    std::string name_;
};

/// S_d/T used for a `ba:` spec that states neither a coupling nor a sensitivity, m²·A/N: the middle of the
/// values the fitted Knowles presets calibrate to (2e-6 … 2e-5 on the 711, from the datasheet traces).
inline constexpr double default_ba_coupling = 1e-5;

/// Any driver: closed-form BA impedance (+ the receiver behind it), Thiele–Small, or a measured impedance.
class driver_model {
public:
    /// A closed-form BA model; `receiver` (optional) is the electro-mechano-acoustic model used with a load.
    driver_model(ba_impedance_model model, std::optional<ba_receiver> receiver, std::string label)
        : kind_(std::move(model)), receiver_(std::move(receiver)), label_(std::move(label)) {}
    /// A Thiele–Small driver.
    driver_model(dynamic_driver driver, std::string label) : kind_(std::move(driver)), label_(std::move(label)) {}
    /// A measured impedance (no acoustic model).
    driver_model(measured_impedance z, std::string label) : kind_(std::move(z)), label_(std::move(label)) {}

    /// The spec or name it was made from.
    const std::string& label() const noexcept { return label_; }
    /// True when the driver can drive an acoustic load (SPL): BA with a motional branch, or Thiele–Small.
    bool has_acoustic_model() const noexcept {
        return receiver_.has_value() || std::holds_alternative<dynamic_driver>(kind_);
    }

    /// Electrical impedance with the acoustic port unloaded as the model defines it: the `ba:` formula exactly,
    /// Thiele–Small in free air, the measured curve interpolated.
    network::complex_spectrum impedance(const network::grid& g) const {
        network::complex_spectrum z(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) {
            const double f = g.frequency(i);
            if (const auto* ba = std::get_if<ba_impedance_model>(&kind_)) z.set(i, ba->at(f));
            else if (const auto* d = std::get_if<dynamic_driver>(&kind_)) z.set(i, d->impedance(f));
            else z.set(i, std::get<measured_impedance>(kind_).at(f));
        }
        return z;
    }

    /// The electro-acoustic two-port (terminals → acoustic output port).
    /// @throws iemlab::error naming the driver when it has no acoustic model.
    network::two_port electro_acoustic(const network::grid& g) const {
        if (receiver_) return receiver_->electro_acoustic(g);
        if (const auto* d = std::get_if<dynamic_driver>(&kind_)) return d->electro_acoustic(g);
        throw_invalid("driver", label_,
                      "has no acoustic model (a measured impedance, or a ba: spec without an r1/l1/c1 branch), so it "
                      "cannot drive an acoustic load");
    }

    /// The closed-form BA model, when this is one.
    const ba_impedance_model* ba_model() const noexcept { return std::get_if<ba_impedance_model>(&kind_); }
    /// The BA receiver, when there is one.
    const ba_receiver* receiver() const noexcept { return receiver_ ? &*receiver_ : nullptr; }
    /// The Thiele–Small driver, when this is one.
    const dynamic_driver* dynamic() const noexcept { return std::get_if<dynamic_driver>(&kind_); }

private:
    std::variant<ba_impedance_model, dynamic_driver, measured_impedance> kind_;
    std::optional<ba_receiver> receiver_;
    std::string label_;
};

namespace detail {

// "key=value,key=value" → map; values are plain numbers (SI units). Names the spec and key in errors.
inline std::map<std::string, double> parse_spec_values(std::string_view body, std::string_view spec) {
    std::map<std::string, double> values;
    const std::string where = "driver spec '" + std::string(spec) + "'";
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t comma = std::min(body.find(',', start), body.size());
        const std::string_view item = body.substr(start, comma - start);
        const std::size_t eq = item.find('=');
        if (item.empty() || eq == std::string_view::npos || eq == 0)
            throw_invalid(where, "'" + std::string(item) + "'", "is not key=value");
        const std::string key(item.substr(0, eq));
        const std::string_view text = item.substr(eq + 1);
        double v = 0;
        const char* first = text.data();
        const char* last = text.data() + text.size();
        if (first != last && *first == '+') ++first;
        const auto [end, ec] = std::from_chars(first, last, v);
        if (text.empty() || ec != std::errc{} || end != last || !std::isfinite(v))
            throw_invalid(where, key, "'" + std::string(text) + "' is not a finite number (SI units, e.g. 4.56e-3)");
        if (!values.emplace(key, v).second) throw_invalid(where, key, "is given twice");
        start = comma + 1;
    }
    return values;
}

inline double take(std::map<std::string, double>& values, const std::string& key, std::string_view spec) {
    const auto it = values.find(key);
    if (it == values.end())
        throw_invalid("driver spec '" + std::string(spec) + "'", key, "is missing");
    const double v = it->second;
    values.erase(it);
    return v;
}

inline void reject_leftovers(const std::map<std::string, double>& values, std::string_view spec,
                             std::string_view allowed) {
    if (values.empty()) return;
    throw_invalid("driver spec '" + std::string(spec) + "'", values.begin()->first,
                  "is not a known key (expected " + std::string(allowed) + ")");
}

} // namespace detail

/// Parses a `ba:` spec body (after "ba:"): re, k, n, then r1, l1, c1, r2, l2, c2, … (branches numbered from 1
/// without gaps), plus optionally `coupling` (S_d/T, m²·A/N) or `spl` (dB SPL at 1 kHz on the 711's
/// 711 coupler model) with `drive` (V, default 0.1) to set the acoustic side. SI units.
inline driver_model parse_ba_spec(std::string_view body, std::string_view spec) {
    auto values = detail::parse_spec_values(body, spec);
    const std::string where = "driver spec '" + std::string(spec) + "'";
    const double re = detail::take(values, "re", spec);
    const double k = detail::take(values, "k", spec);
    const double n = detail::take(values, "n", spec);
    std::vector<parallel_rlc> branches;
    for (std::size_t i = 1;; ++i) {
        // Built with insert: g++ 12 warns falsely (-Wrestrict) on "r" + std::to_string(i).
        std::string r = std::to_string(i), l = r, c = r;
        r.insert(0, 1, 'r'), l.insert(0, 1, 'l'), c.insert(0, 1, 'c');
        const bool any = values.count(r) + values.count(l) + values.count(c) > 0;
        if (!any) break;
        branches.push_back({detail::take(values, r, spec), detail::take(values, l, spec), detail::take(values, c, spec)});
    }
    std::optional<double> coupling, spl;
    double drive = 0.1;
    if (values.count("coupling")) coupling = detail::take(values, "coupling", spec);
    if (values.count("spl")) spl = detail::take(values, "spl", spec);
    if (values.count("drive")) drive = detail::take(values, "drive", spec);
    detail::reject_leftovers(values, spec, "re, k, n, r1, l1, c1, r2, l2, c2, …, coupling, spl, drive");
    if (coupling && spl) throw_invalid(where, "spl", "give either coupling or spl, not both");
    ba_impedance_model model(re, k, n, branches);
    std::optional<ba_receiver> receiver;
    if (!branches.empty()) {
        if (spl) {
            require_in_range(where, "spl", *spl, 0.0, 200.0, "dB");
            require_positive(where, "drive", drive, "V");
            ba_preset p{"ba", "", re, k, n, {{branches[0], branches.size() > 1 ? branches[1] : parallel_rlc{}}}, *spl, drive, true};
            if (branches.size() > 2)
                throw_invalid(where, "spl", "sensitivity calibration supports at most 2 branches; give coupling instead");
            receiver = p.receiver();
        } else {
            receiver = ba_receiver::from_impedance_fit(model, coupling.value_or(default_ba_coupling), 1.26e-6,
                                                       air_properties::at_celsius(23.0), std::string(spec));
        }
    }
    return {std::move(model), std::move(receiver), std::string(spec)};
}

/// Parses a `ts:` spec body: re, le, bl, mms, cms, rms, sd (all required, SI units).
inline driver_model parse_ts_spec(std::string_view body, std::string_view spec) {
    auto values = detail::parse_spec_values(body, spec);
    thiele_small p;
    p.re_ohm = detail::take(values, "re", spec);
    p.le_h = detail::take(values, "le", spec);
    p.bl_tm = detail::take(values, "bl", spec);
    p.mms_kg = detail::take(values, "mms", spec);
    p.cms_m_per_n = detail::take(values, "cms", spec);
    p.rms_kg_per_s = detail::take(values, "rms", spec);
    p.sd_m2 = detail::take(values, "sd", spec);
    detail::reject_leftovers(values, spec, "re, le, bl, mms, cms, rms, sd");
    p.validate("driver spec '" + std::string(spec) + "'");
    return {dynamic_driver(p, std::string(spec)), std::string(spec)};
}

/// Parses a driver spec: `ba:…`, `ts:…`, `knowles:NAME` (a fitted preset, see ba_preset::receiver), or
/// `zma:FILE` through `read_zma` (a callable taking the file name and returning a driver_model; the io layer
/// supplies it, so this header needs no file formats).
template <class ReadZma>
driver_model parse_driver_spec(std::string_view spec, ReadZma&& read_zma) {
    const std::size_t colon = spec.find(':');
    const std::string_view kind = spec.substr(0, colon == std::string_view::npos ? spec.size() : colon);
    if (colon == std::string_view::npos || colon + 1 >= spec.size())
        throw_invalid("driver spec '" + std::string(spec) + "'", "form",
                      "expected ba:re=…,k=…,n=…[,r1=…,l1=…,c1=…], ts:re=…,le=…,bl=…,mms=…,cms=…,rms=…,sd=…, "
                      "zma:FILE or knowles:NAME");
    const std::string_view body = spec.substr(colon + 1);
    if (kind == "ba") return parse_ba_spec(body, spec);
    if (kind == "ts") return parse_ts_spec(body, spec);
    if (kind == "zma") return read_zma(std::string(body));
    if (kind == "knowles") {
        const ba_preset& p = find_knowles_receiver(body);
        std::optional<ba_receiver> rx;
        if (p.spl_1k_db > 0) rx = p.receiver();
        return {p.model(), std::move(rx), std::string(spec)};
    }
    throw_invalid("driver spec '" + std::string(spec) + "'", std::string(kind),
                  "is not a driver kind (expected ba, ts, zma or knowles)");
}

} // namespace iemlab::inline v0::electroacoustics
