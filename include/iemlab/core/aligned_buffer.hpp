#pragma once
/// @file
/// @brief A 64-byte aligned, zero-initialised, contiguous buffer for SIMD kernels.

#include "iemlab/core/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

namespace iemlab::inline v0 {

namespace detail {
/// True when [a, a+na) and [b, b+nb) share an element (std::less: defined for unrelated arrays too).
template <class T>
bool overlaps(const T* a, std::size_t na, const T* b, std::size_t nb) noexcept {
    const std::less<const T*> less;
    return na != 0 && nb != 0 && less(a, b + nb) && less(b, a + na);
}
} // namespace detail

/// Alignment of every buffer the library owns: one cache line, and an AVX-512 register.
inline constexpr std::size_t simd_alignment = 64;

/// Owning, 64-byte aligned array of trivially copyable T; the allocation is padded to whole cache lines
/// so vector loads past size() up to the padding never fault.
template <class T>
class aligned_buffer {
    static_assert(std::is_trivially_copyable_v<T>, "aligned_buffer holds trivially copyable types only");

public:
    /// An empty buffer.
    aligned_buffer() noexcept = default;
    /// `count` zero-initialised elements.
    explicit aligned_buffer(std::size_t count) { allocate(count); }
    /// A copy of `values`.
    explicit aligned_buffer(std::span<const T> values) {
        allocate(values.size());
        if (!values.empty()) std::memcpy(data_, values.data(), values.size_bytes());
    }
    /// Deep copy.
    aligned_buffer(const aligned_buffer& other) : aligned_buffer(std::span<const T>(other.data_, other.size_)) {}
    /// Takes the allocation of `other`, leaving it empty.
    aligned_buffer(aligned_buffer&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    /// Deep copy assignment.
    aligned_buffer& operator=(const aligned_buffer& other) {
        if (this != &other) {
            aligned_buffer copy(other);
            swap(copy);
        }
        return *this;
    }
    /// Move assignment.
    aligned_buffer& operator=(aligned_buffer&& other) noexcept {
        aligned_buffer moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~aligned_buffer() { std::free(data_); }

    /// Exchanges contents with `other`.
    void swap(aligned_buffer& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
    }
    /// Number of elements.
    std::size_t size() const noexcept { return size_; }
    /// True when size() == 0.
    bool empty() const noexcept { return size_ == 0; }
    /// Pointer to the first element (64-byte aligned), or nullptr when empty.
    T* data() noexcept { return data_; }
    /// Pointer to the first element (64-byte aligned), or nullptr when empty.
    const T* data() const noexcept { return data_; }
    /// Element access without bounds check.
    T& operator[](std::size_t i) noexcept { return data_[i]; }
    /// Element access without bounds check.
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    /// Iterator to the first element.
    T* begin() noexcept { return data_; }
    /// Iterator past the last element.
    T* end() noexcept { return data_ + size_; }
    /// Iterator to the first element.
    const T* begin() const noexcept { return data_; }
    /// Iterator past the last element.
    const T* end() const noexcept { return data_ + size_; }
    /// The whole buffer as a span.
    operator std::span<T>() noexcept { return {data_, size_}; }
    /// The whole buffer as a read-only span.
    operator std::span<const T>() const noexcept { return {data_, size_}; }
    /// The whole buffer as a span.
    std::span<T> span() noexcept { return {data_, size_}; }
    /// The whole buffer as a read-only span.
    std::span<const T> span() const noexcept { return {data_, size_}; }
    /// Sets every element to `value`.
    void fill(const T& value) noexcept { std::fill(data_, data_ + size_, value); }

private:
    void allocate(std::size_t count) {
        if (count == 0) return;
        if (count > (std::size_t(-1) - simd_alignment) / sizeof(T))
            throw_out_of_range("aligned_buffer", "count", static_cast<double>(count), "elements",
                               "a size that fits in memory");
        const std::size_t bytes = (count * sizeof(T) + simd_alignment - 1) / simd_alignment * simd_alignment;
        data_ = static_cast<T*>(std::aligned_alloc(simd_alignment, bytes));
        if (data_ == nullptr) throw std::bad_alloc();
        std::memset(static_cast<void*>(data_), 0, bytes);
        size_ = count;
    }

    T* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace iemlab::inline v0
