#pragma once
/// @file
/// @brief FFT convolution of long signals with a fixed filter by overlap-save (plan once, run many times).

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/spectrum_kernels.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/real_fft.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace iemlab::inline v0::dsp {

/// Linear convolution y = x * h with a fixed filter h of P taps, by overlap-save: blocks of
/// fft_size() − P + 1 outputs, each from one forward FFT, one split-complex multiply and one inverse FFT
/// (Oppenheim & Schafer, Discrete-Time Signal Processing, §8.7). Immutable; execute() allocates nothing.
template <class T>
class overlap_save_convolver {
public:
    /// Plans the convolution with `filter` (>= 1 finite taps); `fft_size` 0 chooses next_fast_real_size(max(4·P, 1024)).
    /// @throws iemlab::error on an empty or non-finite filter or an FFT size below the filter length.
    explicit overlap_save_convolver(std::span<const T> filter, std::size_t fft_size = 0,
                                    simd_level level = default_simd_level())
        : taps_(filter.size()) {
        constexpr std::string_view where = "overlap_save_convolver";
        if (filter.empty()) throw_invalid(where, "filter", "is empty");
        for (std::size_t i = 0; i < filter.size(); ++i)
            if (!std::isfinite(static_cast<double>(filter[i])))
                throw_invalid(where, "filter", "tap " + std::to_string(i) + " is not finite");
        if (fft_size == 0) fft_size = next_fast_real_size(std::max<std::size_t>(4 * taps_, 1024));
        if (fft_size < taps_)
            throw_out_of_range(where, "fft_size", double(fft_size), "", ">= the filter length " + std::to_string(taps_));
        fft_ = std::make_shared<const real_fft_plan<T>>(fft_size, level);
        aligned_buffer<T> padded(fft_size), scratch(fft_->scratch_size());
        std::copy(filter.begin(), filter.end(), padded.begin());
        filter_re_ = aligned_buffer<T>(fft_->bins());
        filter_im_ = aligned_buffer<T>(fft_->bins());
        fft_->forward(padded.span(), filter_re_.span(), filter_im_.span(), scratch.span());
    }

    /// Filter length P.
    std::size_t taps() const noexcept { return taps_; }
    /// FFT length of each block.
    std::size_t fft_size() const noexcept { return fft_->size(); }
    /// New output samples per block, fft_size() − P + 1.
    std::size_t hop() const noexcept { return fft_->size() - taps_ + 1; }
    /// Elements of T the scratch span must hold (at least).
    std::size_t scratch_size() const noexcept { return fft_->size() + 2 * padded_bins() + fft_->scratch_size(); }
    /// Length of the full convolution of `input_size` samples: input_size + P − 1.
    std::size_t output_size(std::size_t input_size) const noexcept { return input_size + taps_ - 1; }

    /// Writes the first out.size() (<= output_size(in.size())) samples of in * h into `out`. Allocates nothing.
    /// @throws iemlab::error on wrong span sizes.
    void execute(std::span<const T> in, std::span<T> out, std::span<T> scratch) const {
        constexpr std::string_view where = "overlap_save_convolver::execute";
        if (out.size() > output_size(in.size()))
            throw_out_of_range(where, "out.size()", double(out.size()), "",
                               "<= in.size() + taps − 1 = " + std::to_string(output_size(in.size())));
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
        const std::size_t n = fft_->size(), bins = fft_->bins(), pb = padded_bins(), step = hop();
        const std::span<T> segment = scratch.subspan(0, n);
        const std::span<T> re = scratch.subspan(n, bins), im = scratch.subspan(n + pb, bins);
        const std::span<T> rest = scratch.subspan(n + 2 * pb);
        const detail::multiply_spectra<T> multiply;
        for (std::size_t start = 0; start < out.size(); start += step) {
            // segment[i] = x[start − (P − 1) + i], zero outside x; outputs start… come from segment[P − 1…].
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t j = start + i; // index into x shifted by P − 1
                segment[i] = j >= taps_ - 1 && j - (taps_ - 1) < in.size() ? in[j - (taps_ - 1)] : T(0);
            }
            fft_->forward(segment, re, im, rest);
            simd_dispatch(fft_->level(), multiply, re.data(), im.data(), filter_re_.data(), filter_im_.data(),
                          re.data(), im.data(), bins);
            fft_->inverse(re, im, segment, rest);
            const std::size_t count = std::min(step, out.size() - start);
            std::copy(segment.begin() + static_cast<std::ptrdiff_t>(taps_ - 1),
                      segment.begin() + static_cast<std::ptrdiff_t>(taps_ - 1 + count),
                      out.begin() + static_cast<std::ptrdiff_t>(start));
        }
    }

private:
    std::size_t padded_bins() const noexcept { return (fft_->bins() + 15) / 16 * 16; }

    std::size_t taps_;
    std::shared_ptr<const real_fft_plan<T>> fft_;
    aligned_buffer<T> filter_re_, filter_im_;
};

} // namespace iemlab::inline v0::dsp
