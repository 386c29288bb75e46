#pragma once
/// @file
/// @brief Real-input FFT plans (r2c forward, c2r inverse) of any length, spectra as split re/im arrays.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/dsp/complex_fft.hpp"
#include "iemlab/dsp/detail/fft_engine.hpp"
#include "iemlab/dsp/detail/fft_kernels.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

namespace iemlab::inline v0::dsp {

/// A real-input DFT of one fixed length: the bins() = size()/2 + 1 non-negative-frequency bins of a real
/// sequence, and back. Immutable after construction; one plan may serve many threads.
///
/// Even lengths run one complex FFT of half the length on z[n] = x[2n] + j·x[2n+1] plus a split-radix post-pass;
/// odd lengths run a complex FFT of the full length. The half or full length follows complex_fft_plan (fast for
/// 2^a·3^b·5^c, Bluestein otherwise).
template <class T>
class real_fft_plan {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "real_fft_plan<float or double>");

public:
    /// Plans `size` real points, SIMD kernels at most at `level` (capped to the CPU).
    /// @throws iemlab::error if size is 0.
    explicit real_fft_plan(std::size_t size, simd_level level = default_simd_level())
        : size_(checked(size)), complex_(size % 2 == 0 ? size / 2 : size, level) {
        if (size % 2 == 0) {
            const std::size_t half = size / 2;
            post_re_ = aligned_buffer<T>(half / 2 + 1);
            post_im_ = aligned_buffer<T>(half / 2 + 1);
            for (std::size_t k = 0; k <= half / 2; ++k) {
                long double re, im;
                detail::unit_root(k, size, re, im); // W^k = e^{−j2πk/N}
                post_re_[k] = static_cast<T>(re);
                post_im_[k] = static_cast<T>(im);
            }
        }
    }

    /// Real points per transform.
    std::size_t size() const noexcept { return size_; }
    /// Spectrum bins: size()/2 + 1 (DC to Nyquist, or to just below it for odd sizes).
    std::size_t bins() const noexcept { return size_ / 2 + 1; }
    /// Elements of T the scratch span must hold (at least).
    std::size_t scratch_size() const noexcept {
        return 4 * detail::padded(complex_.size()) + complex_.scratch_size();
    }
    /// The SIMD level the kernels run at.
    simd_level level() const noexcept { return complex_.level(); }
    /// Bytes the plan holds (its half-length complex plan and post-processing twiddles), not counting caller
    /// scratch (scratch_size() elements of T).
    std::size_t memory_bytes() const noexcept {
        return sizeof(*this) - sizeof(complex_) + complex_.memory_bytes() +
               (post_re_.size() + post_im_.size()) * sizeof(T);
    }

    /// re + j·im = DFT(in) for bins 0…size()/2, X[k] = Σ_n x[n]·e^{−j2πkn/N}, unnormalised. `in` holds size()
    /// values, re and im bins() each, scratch at least scratch_size(); none may overlap.
    /// @throws iemlab::error naming the first span of the wrong size.
    void forward(std::span<const T> in, std::span<T> re, std::span<T> im, std::span<T> scratch) const {
        constexpr std::string_view where = "real_fft_plan::forward";
        detail::check_span_size(where, "in", in.size(), size_);
        detail::check_span_size(where, "re", re.size(), bins());
        detail::check_span_size(where, "im", im.size(), bins());
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
        const std::size_t m = complex_.size(), pm = detail::padded(m);
        T* zr = scratch.data();
        T* zi = zr + pm;
        T* xr = zr + 2 * pm;
        T* xi = zr + 3 * pm;
        const std::span<T> rest = scratch.subspan(4 * pm);
        if (size_ % 2 == 1) {
            std::copy(in.begin(), in.end(), zr);
            std::fill(zi, zi + m, T(0));
            complex_.forward({zr, m}, {zi, m}, {xr, m}, {xi, m}, rest);
            std::copy(xr, xr + bins(), re.data());
            std::copy(xi, xi + bins(), im.data());
            return;
        }
        if (const detail::fft_engine<T>* engine = complex_.direct_engine()) {
            // z[n] = x[2n] + j·x[2n+1] is `in` read as interleaved pairs: the first pass deinterleaves it.
            engine->execute({in.data(), nullptr, re.data(), im.data(), zr, zi, T(1), T(1)});
        } else {
            for (std::size_t i = 0; i < m; ++i) zr[i] = in[2 * i], zi[i] = in[2 * i + 1];
            complex_.forward({zr, m}, {zi, m}, {re.data(), m}, {im.data(), m}, rest);
        }
        (void)xr;
        (void)xi;
        // X[k] = E[k] + W^k·O[k] with E = (Z[k] + Z*[M−k])/2, O = (Z[k] − Z*[M−k])/(2j), W = e^{−j2π/N}
        // (real FFT through a half-length complex FFT); see detail::real_post_tail.
        const detail::real_fft_post<T> post;
        simd_dispatch(complex_.level(), post, re.data(), im.data(), post_re_.data(), post_im_.data(), m);
    }

    /// out = IDFT of the Hermitian spectrum whose bins 0…size()/2 are re + j·im: x[n] = (1/N)·Σ_k X[k]·e^{+j2πkn/N}
    /// with X[N−k] = conj(X[k]), so inverse(forward(x)) == x. The imaginary parts of bin 0 (and of bin N/2 for even
    /// N) are ignored. Spans as for forward(); none may overlap.
    /// @throws iemlab::error naming the first span of the wrong size.
    void inverse(std::span<const T> re, std::span<const T> im, std::span<T> out, std::span<T> scratch) const {
        constexpr std::string_view where = "real_fft_plan::inverse";
        detail::check_span_size(where, "re", re.size(), bins());
        detail::check_span_size(where, "im", im.size(), bins());
        detail::check_span_size(where, "out", out.size(), size_);
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
        const std::size_t m = complex_.size(), pm = detail::padded(m);
        T* zr = scratch.data();
        T* zi = zr + pm;
        T* xr = zr + 2 * pm;
        T* xi = zr + 3 * pm;
        const std::span<T> rest = scratch.subspan(4 * pm);
        if (size_ % 2 == 1) {
            const std::size_t b = bins();
            zr[0] = re[0], zi[0] = T(0);
            for (std::size_t k = 1; k < b; ++k) {
                zr[k] = re[k], zi[k] = im[k];
                zr[m - k] = re[k], zi[m - k] = -im[k];
            }
            complex_.inverse({zr, m}, {zi, m}, {xr, m}, {xi, m}, rest);
            std::copy(xr, xr + m, out.data());
            return;
        }
        // Undo the forward post-pass (detail::real_pre_tail): conj(Z) into zr/zi, then z = conj(DFT(conj Z))/M
        // written as interleaved pairs x[2n] + j·x[2n+1], the 1/M and the conjugation folded into the scales.
        const detail::real_fft_pre<T> pre;
        simd_dispatch(complex_.level(), pre, re.data(), im.data(), zr, zi, post_re_.data(), post_im_.data(), m);
        const T scale = T(1) / static_cast<T>(m);
        if (const detail::fft_engine<T>* engine = complex_.direct_engine()) {
            engine->execute({zr, zi, out.data(), nullptr, xr, xi, scale, -scale});
        } else {
            complex_.forward({zr, m}, {zi, m}, {xr, m}, {xi, m}, rest);
            for (std::size_t i = 0; i < m; ++i) out[2 * i] = xr[i] * scale, out[2 * i + 1] = -xi[i] * scale;
        }
    }

private:
    static std::size_t checked(std::size_t size) {
        if (size == 0) throw_out_of_range("real_fft_plan", "size", 0.0, "", "size >= 1");
        return size;
    }

    std::size_t size_;
    complex_fft_plan<T> complex_;           // size/2 points (even size) or size points (odd)
    aligned_buffer<T> post_re_, post_im_;   // even sizes: W^k, k = 0…size/4
};

} // namespace iemlab::inline v0::dsp
