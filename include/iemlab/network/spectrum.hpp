#pragma once
/// @file
/// @brief The two value types of the network solver: a frequency grid (Hz and rad/s) and a complex spectrum
/// (one complex value per grid frequency, stored split as real and imaginary arrays for SIMD kernels).

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/network/detail/network_kernels.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::network {

/// Frequencies at which a network is evaluated: finite, > 0 Hz, strictly increasing, at least one.
class grid {
public:
    /// An empty grid (usable only as a placeholder).
    grid() = default;
    /// Copies and validates `frequency_hz`; throws iemlab::error naming the first bad point.
    explicit grid(std::span<const double> frequency_hz) : f_(frequency_hz), w_(frequency_hz.size()) {
        require_valid_grid("network::grid", "frequency", frequency_hz, {.zero_allowed = false});
        for (std::size_t i = 0; i < f_.size(); ++i) w_[i] = 2 * std::numbers::pi * f_[i];
    }
    /// Convenience overload for a std::vector.
    explicit grid(const std::vector<double>& frequency_hz) : grid(std::span<const double>(frequency_hz)) {}

    /// Number of frequencies.
    std::size_t size() const noexcept { return f_.size(); }
    /// Frequencies in Hz.
    std::span<const double> frequencies() const noexcept { return f_.span(); }
    /// Angular frequencies ω = 2πf in rad/s.
    std::span<const double> omega() const noexcept { return w_.span(); }
    /// Frequency i in Hz.
    double frequency(std::size_t i) const noexcept { return f_[i]; }

private:
    aligned_buffer<double> f_;
    aligned_buffer<double> w_;
};

/// One complex value per grid frequency, split into 64-byte aligned real and imaginary arrays.
class complex_spectrum {
public:
    /// An empty spectrum.
    complex_spectrum() = default;
    /// `size` zeros.
    explicit complex_spectrum(std::size_t size) : re_(size), im_(size) {}
    /// `size` copies of `value`.
    complex_spectrum(std::size_t size, std::complex<double> value) : re_(size), im_(size) {
        re_.fill(value.real());
        im_.fill(value.imag());
    }
    /// From complex values.
    static complex_spectrum from_values(std::span<const std::complex<double>> values) {
        complex_spectrum s(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) s.set(i, values[i]);
        return s;
    }
    /// From separate real and imaginary parts of equal length.
    static complex_spectrum from_parts(std::span<const double> re, std::span<const double> im) {
        if (re.size() != im.size())
            throw_out_of_range("complex_spectrum::from_parts", "im.size()", double(im.size()), "",
                               "as many imaginary as real parts (" + std::to_string(re.size()) + ")");
        complex_spectrum s(re.size());
        for (std::size_t i = 0; i < re.size(); ++i) s.re_[i] = re[i], s.im_[i] = im[i];
        return s;
    }

    /// Number of values.
    std::size_t size() const noexcept { return re_.size(); }
    /// True when size() == 0.
    bool empty() const noexcept { return re_.empty(); }
    /// Real parts.
    std::span<double> re() noexcept { return re_.span(); }
    /// Imaginary parts.
    std::span<double> im() noexcept { return im_.span(); }
    /// Real parts.
    std::span<const double> re() const noexcept { return re_.span(); }
    /// Imaginary parts.
    std::span<const double> im() const noexcept { return im_.span(); }
    /// Value i.
    std::complex<double> operator[](std::size_t i) const noexcept { return {re_[i], im_[i]}; }
    /// Sets value i.
    void set(std::size_t i, std::complex<double> z) noexcept { re_[i] = z.real(), im_[i] = z.imag(); }
    /// All values as std::complex.
    std::vector<std::complex<double>> values() const {
        std::vector<std::complex<double>> v(size());
        for (std::size_t i = 0; i < size(); ++i) v[i] = (*this)[i];
        return v;
    }
    /// |value i|.
    double abs(std::size_t i) const noexcept { return std::hypot(re_[i], im_[i]); }
    /// True when every value is finite.
    bool all_finite() const noexcept {
        for (std::size_t i = 0; i < size(); ++i)
            if (!std::isfinite(re_[i]) || !std::isfinite(im_[i])) return false;
        return true;
    }

private:
    aligned_buffer<double> re_;
    aligned_buffer<double> im_;
};

namespace detail {

inline void require_same_size(const char* where, const complex_spectrum& a, const complex_spectrum& b) {
    if (a.size() != b.size())
        throw_out_of_range(where, "size", double(b.size()), "values",
                           "both operands on the same grid (" + std::to_string(a.size()) + " values)");
}

inline complex_spectrum binary(const char* where, binary_op op, const complex_spectrum& a,
                               const complex_spectrum& b) {
    require_same_size(where, a, b);
    complex_spectrum y(a.size());
    simd_dispatch(complex_binary{}, op, a.re().data(), a.im().data(), b.re().data(), b.im().data(), y.re().data(),
                  y.im().data(), a.size());
    return y;
}

} // namespace detail

/// a + b, element-wise.
inline complex_spectrum operator+(const complex_spectrum& a, const complex_spectrum& b) {
    detail::require_same_size("network::operator+", a, b);
    complex_spectrum y(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) y.re()[i] = a.re()[i] + b.re()[i], y.im()[i] = a.im()[i] + b.im()[i];
    return y;
}
/// a − b, element-wise.
inline complex_spectrum operator-(const complex_spectrum& a, const complex_spectrum& b) {
    detail::require_same_size("network::operator-", a, b);
    complex_spectrum y(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) y.re()[i] = a.re()[i] - b.re()[i], y.im()[i] = a.im()[i] - b.im()[i];
    return y;
}
/// a·b, element-wise.
inline complex_spectrum operator*(const complex_spectrum& a, const complex_spectrum& b) {
    return detail::binary("network::operator*", detail::binary_op::multiply, a, b);
}
/// a/b, element-wise.
inline complex_spectrum operator/(const complex_spectrum& a, const complex_spectrum& b) {
    return detail::binary("network::operator/", detail::binary_op::divide, a, b);
}
/// s·a for a complex scalar s.
inline complex_spectrum operator*(std::complex<double> s, const complex_spectrum& a) {
    complex_spectrum y(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) y.set(i, s * a[i]);
    return y;
}
/// Two impedances in parallel, a·b/(a + b) (equally: two admittances in series).
inline complex_spectrum parallel(const complex_spectrum& a, const complex_spectrum& b) {
    return detail::binary("network::parallel", detail::binary_op::parallel, a, b);
}
/// 1/a, element-wise (impedance ↔ admittance).
inline complex_spectrum reciprocal(const complex_spectrum& a) {
    return detail::binary("network::reciprocal", detail::binary_op::divide, complex_spectrum(a.size(), 1.0), a);
}

} // namespace iemlab::inline v0::network
