#pragma once
/// @file
/// @brief Split-complex spectrum kernels (y = a·b, y = a·conj(b)) for convolution and deconvolution.

#include "iemlab/core/simd_dispatch.hpp"

#include <cstddef>

namespace iemlab::inline v0::dsp::detail {

/// y = a·b, element-wise on split complex arrays (re/im separate); y may alias a or b.
template <class T>
struct multiply_spectra {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                    std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                    std::size_t n) const noexcept {
        for (std::size_t i = 0; i < n; ++i) {
            const T re = ar[i] * br[i] - ai[i] * bi[i];
            const T im = ar[i] * bi[i] + ai[i] * br[i];
            yr[i] = re;
            yi[i] = im;
        }
    }
};

template <class T>
template <class Arch>
void multiply_spectra<T>::operator()(Arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                                     std::size_t n) const noexcept {
    using vec = xsimd::batch<T, Arch>;
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) {
        const vec a = vec::load_unaligned(ar + i), b = vec::load_unaligned(ai + i);
        const vec c = vec::load_unaligned(br + i), d = vec::load_unaligned(bi + i);
        xsimd::fms(a, c, b * d).store_unaligned(yr + i);
        xsimd::fma(a, d, b * c).store_unaligned(yi + i);
    }
    (*this)(scalar_arch{}, ar + i, ai + i, br + i, bi + i, yr + i, yi + i, n - i);
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(multiply_spectra<float>, const float*, const float*, const float*, const float*, float*, float*,
                   std::size_t)
IEMLAB_SIMD_KERNEL(multiply_spectra<double>, const double*, const double*, const double*, const double*, double*,
                   double*, std::size_t)
} // namespace iemlab::inline v0::dsp::detail
