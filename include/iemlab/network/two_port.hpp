#pragma once
/// @file
/// @brief Two-ports (ABCD matrices over a frequency grid), their cascade, terminations and sources.
///
/// Convention (Chaigne & Kergomard 2016): port 1 is the source side, `[x1; q1] = T·[x2; q2]` with the
/// across quantity x (voltage, force, pressure) and the through quantity q (current, velocity, volume
/// velocity) positive from port 1 into the two-port and out of port 2 into the load. A cascade is the matrix
/// product, source side first. Every operation works on the whole grid at once through the SIMD kernels of
/// network/detail/network_kernels.hpp.
///
/// Building blocks: `two_port::series(Z)`, `two_port::shunt(Y)`, `two_port::transformer(g, n)`
/// (x1 = n·x2, q1 = q2/n; mechanical → acoustic is n = S), `two_port::gyrator(g, r)` (x1 = r·q2, q1 = x2/r;
/// electrical → mechanical is r = Bl or the transduction T), `two_port::uniform_line(Γ, Zc, L)`, or any ABCD
/// via `two_port::from_abcd`. Terminate with `terminate(T, termination::…)`, which gives input impedance,
/// transfer impedance x2/q1 and ratio x2/x1 in one pass. For circuits that are not a ladder, see
/// network/nodal.hpp.
///
/// A balanced-armature receiver (electrical → gyrator → mechanical → transformer → acoustic) driving an
/// acoustic load such as acoustics::iec60318_4_coupler:
/// @code
/// namespace nw = iemlab::network;
/// const nw::grid g{iemlab::log_grid(20, 20000, 48)};
/// nw::two_port ba = nw::two_port::series(nw::series_rlc(g, re, le, inf)); // coil: Re + jωLe
/// ba.append(nw::two_port::gyrator(g, bl));                                 // F = Bl·I, V = Bl·u
/// ba.append_series(nw::series_rlc(g, rm, mm, cm));                         // armature + diaphragm
/// ba.append(nw::two_port::transformer(g, sd));                             // F = Sd·p, u = U/Sd
/// ba.append_series(nw::inductor(g, m_spout));                              // spout, tube, damper …
/// const auto r = nw::terminate(ba, nw::termination::impedance(load_input_impedance));
/// // r.input_impedance: electrical impedance in Ω; r.transfer_impedance: p_load/I;
/// // with a voltage source: nw::load_across(r, nw::source::thevenin(v, z_amp)).
/// @endcode

#include "iemlab/network/elements.hpp"
#include "iemlab/network/spectrum.hpp"

#include <complex>
#include <utility>

namespace iemlab::inline v0::network {

/// The ABCD matrix of a linear two-port at every frequency of a grid.
class two_port {
public:
    /// The identity two-port (a pair of wires) with `size` frequencies.
    explicit two_port(std::size_t size) : a_(size, 1.0), b_(size), c_(size), d_(size, 1.0) {}
    /// The identity two-port on grid `g`.
    static two_port identity(const grid& g) { return two_port(g.size()); }
    /// Any two-port from its four entries (same size each).
    static two_port from_abcd(complex_spectrum a, complex_spectrum b, complex_spectrum c, complex_spectrum d) {
        detail::require_same_size("two_port::from_abcd", a, b);
        detail::require_same_size("two_port::from_abcd", a, c);
        detail::require_same_size("two_port::from_abcd", a, d);
        two_port t(0);
        t.a_ = std::move(a), t.b_ = std::move(b), t.c_ = std::move(c), t.d_ = std::move(d);
        return t;
    }
    /// A series impedance: [[1, Z], [0, 1]].
    static two_port series(const complex_spectrum& z) {
        two_port t(z.size());
        t.b_ = z;
        return t;
    }
    /// A shunt admittance to the common line: [[1, 0], [Y, 1]].
    static two_port shunt(const complex_spectrum& y) {
        two_port t(y.size());
        t.c_ = y;
        return t;
    }
    /// An ideal transformer of ratio n: x1 = n·x2, q1 = q2/n, i.e. [[n, 0], [0, 1/n]]; impedances seen at port 1
    /// are n² times those at port 2. Mechanical (F, u) → acoustic (p, U) through an area S is n = S.
    static two_port transformer(const grid& g, double ratio) {
        if (!std::isfinite(ratio) || ratio == 0)
            throw_out_of_range("two_port::transformer", "ratio", ratio, "", "a finite, non-zero ratio");
        two_port t(g.size());
        t.a_ = complex_spectrum(g.size(), ratio);
        t.d_ = complex_spectrum(g.size(), 1.0 / ratio);
        return t;
    }
    /// An ideal gyrator of transfer r: x1 = r·q2, q1 = x2/r, i.e. [[0, r], [1/r, 0]]; an impedance Z at port 2
    /// appears as r²/Z at port 1 (Hunt's anti-reciprocal coupling, force = Bl·I, back-EMF = Bl·u).
    static two_port gyrator(const grid& g, double r) {
        if (!std::isfinite(r) || r == 0)
            throw_out_of_range("two_port::gyrator", "r", r, "", "a finite, non-zero transduction");
        return gyrator(complex_spectrum(g.size(), r));
    }
    /// A gyrator with a frequency-dependent (complex) transduction r(f), e.g. a BA's T_a(s); r must not be 0.
    static two_port gyrator(const complex_spectrum& r) {
        for (std::size_t i = 0; i < r.size(); ++i)
            if (!(r.abs(i) > 0) || !std::isfinite(r.abs(i)))
                throw_out_of_range("two_port::gyrator", "r[" + std::to_string(i) + "]", r.abs(i), "",
                                   "a finite, non-zero transduction");
        two_port t(r.size());
        t.a_ = complex_spectrum(r.size());
        t.d_ = complex_spectrum(r.size());
        t.b_ = r;
        t.c_ = reciprocal(r);
        return t;
    }
    /// A uniform transmission line of propagation constant Γ (1/m, Re Γ >= 0), characteristic impedance Zc and
    /// length L >= 0 m: A = D = cosh ΓL, B = Zc·sinh ΓL, C = sinh ΓL/Zc.
    static two_port uniform_line(const complex_spectrum& gamma, const complex_spectrum& zc, double length) {
        detail::require_same_size("two_port::uniform_line", gamma, zc);
        if (!std::isfinite(length) || length < 0)
            throw_out_of_range("two_port::uniform_line", "length", length, "m", "a finite length >= 0");
        two_port t(gamma.size());
        simd_dispatch(detail::uniform_line_abcd{}, gamma.re().data(), gamma.im().data(), zc.re().data(),
                      zc.im().data(), length, t.arrays(), gamma.size());
        return t;
    }

    /// Number of frequencies.
    std::size_t size() const noexcept { return a_.size(); }
    /// Entry A (x1/x2 with port 2 unloaded, q2 = 0).
    const complex_spectrum& a() const noexcept { return a_; }
    /// Entry B (x1/q2 with port 2 shorted, x2 = 0).
    const complex_spectrum& b() const noexcept { return b_; }
    /// Entry C (q1/x2 with q2 = 0).
    const complex_spectrum& c() const noexcept { return c_; }
    /// Entry D (q1/q2 with x2 = 0).
    const complex_spectrum& d() const noexcept { return d_; }
    /// AD − BC per frequency: 1 for reciprocal two-ports, −1 for a gyrator.
    complex_spectrum determinant() const { return a_ * d_ - b_ * c_; }

    /// this ← this · next (next is appended on the load side).
    two_port& append(const two_port& next) {
        require_size("two_port::append", next.size());
        simd_dispatch(detail::abcd_multiply{}, const_arrays(), next.const_arrays(), arrays(), size());
        return *this;
    }
    /// this ← this · [[1, Z], [0, 1]] (a series impedance on the load side).
    two_port& append_series(const complex_spectrum& z) {
        require_size("two_port::append_series", z.size());
        simd_dispatch(detail::abcd_append_series{}, arrays(), z.re().data(), z.im().data(), size());
        return *this;
    }
    /// this ← this · [[1, 0], [Y, 1]] (a shunt admittance on the load side).
    two_port& append_shunt(const complex_spectrum& y) {
        require_size("two_port::append_shunt", y.size());
        simd_dispatch(detail::abcd_append_shunt{}, arrays(), y.re().data(), y.im().data(), size());
        return *this;
    }
    /// The cascade left · right.
    friend two_port operator*(two_port left, const two_port& right) { return std::move(left.append(right)); }

    /// The same two-port driven from port 2: [[D, B], [C, A]]/(AD − BC).
    two_port reversed() const {
        const complex_spectrum det = determinant();
        return from_abcd(d_ / det, b_ / det, c_ / det, a_ / det);
    }

    /// Raw writable arrays for kernels (detail).
    detail::abcd_arrays arrays() noexcept {
        return {a_.re().data(), a_.im().data(), b_.re().data(), b_.im().data(),
                c_.re().data(), c_.im().data(), d_.re().data(), d_.im().data()};
    }
    /// Raw read-only arrays for kernels (detail).
    detail::const_abcd_arrays const_arrays() const noexcept {
        return {a_.re().data(), a_.im().data(), b_.re().data(), b_.im().data(),
                c_.re().data(), c_.im().data(), d_.re().data(), d_.im().data()};
    }

private:
    void require_size(const char* where, std::size_t n) const {
        if (n != size())
            throw_out_of_range(where, "size", double(n), "values",
                               "the two-port's grid size (" + std::to_string(size()) + ")");
    }
    complex_spectrum a_, b_, c_, d_;
};

/// What hangs on port 2 of a two-port, stored as a ratio num/den of across over through quantity, so a rigid
/// wall (zero flow) and an ideal open end (zero pressure) need no infinities.
class termination {
public:
    /// A load impedance Z (num = Z, den = 1).
    static termination impedance(complex_spectrum z) {
        const std::size_t n = z.size();
        return {std::move(z), complex_spectrum(n, 1.0)};
    }
    /// A load admittance Y (num = 1, den = Y); Y = 0 is a rigid wall / open circuit.
    static termination admittance(complex_spectrum y) {
        const std::size_t n = y.size();
        return {complex_spectrum(n, 1.0), std::move(y)};
    }
    /// Zero through quantity (q2 = 0): an open circuit electrically, a rigid wall acoustically.
    static termination open_circuit(std::size_t size) { return admittance(complex_spectrum(size)); }
    /// Alias of open_circuit() in acoustic words: a rigid, motionless wall.
    static termination rigid_wall(std::size_t size) { return open_circuit(size); }
    /// Zero across quantity (x2 = 0): a short circuit electrically, an ideal pressure-release end acoustically.
    static termination short_circuit(std::size_t size) { return impedance(complex_spectrum(size)); }

    /// Number of frequencies.
    std::size_t size() const noexcept { return num_.size(); }
    /// Numerator of the load impedance.
    const complex_spectrum& numerator() const noexcept { return num_; }
    /// Denominator of the load impedance.
    const complex_spectrum& denominator() const noexcept { return den_; }

private:
    termination(complex_spectrum num, complex_spectrum den) : num_(std::move(num)), den_(std::move(den)) {}
    complex_spectrum num_, den_;
};

/// A terminated two-port's responses per unit drive, all from one kernel pass.
struct port_response {
    complex_spectrum input_impedance;    ///< x1/q1 = (A·Z_L + B)/(C·Z_L + D)
    complex_spectrum transfer_impedance; ///< x2/q1 = Z_L/(C·Z_L + D) (acoustic: p_load per volume velocity in)
    complex_spectrum across_ratio;       ///< x2/x1 = Z_L/(A·Z_L + B) (acoustic: p_load/p_in)
};

/// Terminates `t` in `load` and returns input impedance, transfer impedance and across ratio.
inline port_response terminate(const two_port& t, const termination& load) {
    if (load.size() != t.size())
        throw_out_of_range("network::terminate", "load.size()", double(load.size()), "values",
                           "the two-port's grid size (" + std::to_string(t.size()) + ")");
    port_response r{complex_spectrum(t.size()), complex_spectrum(t.size()), complex_spectrum(t.size())};
    simd_dispatch(detail::abcd_terminate{}, t.const_arrays(), load.numerator().re().data(),
                  load.numerator().im().data(), load.denominator().re().data(), load.denominator().im().data(),
                  r.input_impedance.re().data(), r.input_impedance.im().data(), r.transfer_impedance.re().data(),
                  r.transfer_impedance.im().data(), r.across_ratio.re().data(), r.across_ratio.im().data(),
                  t.size());
    return r;
}

/// Output (Thévenin) impedance seen looking back into port 2 when port 1 is terminated by `source_side`
/// (the source's own impedance): (D·Z_s + B)/(C·Z_s + A).
inline complex_spectrum output_impedance(const two_port& t, const termination& source_side) {
    return terminate(t.reversed(), source_side).input_impedance;
}

/// What drives port 1: an ideal through source (current / volume velocity) or a Thévenin source (across
/// quantity behind an impedance).
class source {
public:
    /// An ideal current / volume-velocity source q1 = q.
    static source flow(complex_spectrum q) { return source(std::move(q), {}, false); }
    /// A Thévenin source: open-circuit across quantity x_s behind impedance Z_s.
    static source thevenin(complex_spectrum x_s, complex_spectrum z_s) {
        detail::require_same_size("network::source::thevenin", x_s, z_s);
        return source(std::move(x_s), std::move(z_s), true);
    }
    /// True for a Thévenin source.
    bool is_thevenin() const noexcept { return thevenin_; }
    /// The flow (ideal) or open-circuit across quantity (Thévenin).
    const complex_spectrum& value() const noexcept { return value_; }
    /// The source impedance (empty for an ideal flow source).
    const complex_spectrum& impedance() const noexcept { return impedance_; }

private:
    source(complex_spectrum v, complex_spectrum z, bool thevenin)
        : value_(std::move(v)), impedance_(std::move(z)), thevenin_(thevenin) {}
    complex_spectrum value_, impedance_;
    bool thevenin_;
};

/// Through quantity q1 entering port 1 when `s` drives the terminated two-port `r`.
inline complex_spectrum input_flow(const port_response& r, const source& s) {
    if (!s.is_thevenin()) {
        detail::require_same_size("network::input_flow", r.input_impedance, s.value());
        return s.value();
    }
    detail::require_same_size("network::input_flow", r.input_impedance, s.value());
    return s.value() / (s.impedance() + r.input_impedance);
}

/// Across quantity at the load (x2) when `s` drives the terminated two-port `r`: q1·Z_T.
inline complex_spectrum load_across(const port_response& r, const source& s) {
    return input_flow(r, s) * r.transfer_impedance;
}

} // namespace iemlab::inline v0::network
