#pragma once
/// @file
/// @brief What the translation units of the Python module share: numpy conversions without copies and the
/// registration functions of each part (docs/python.md).

#include <iemlab/core/aligned_buffer.hpp>
#include <iemlab/core/error.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <complex>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab_python {

namespace py = pybind11;

/// A contiguous read-only numpy view of `values`, kept alive by `owner` (no copy).
template <class T>
py::array_t<T> view(const std::vector<T>& values, py::handle owner) {
    py::array_t<T> a(static_cast<py::ssize_t>(values.size()), values.data(), owner);
    py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return a;
}

/// A numpy array that takes over `values` (no copy: the vector moves into the array's capsule).
template <class T>
py::array_t<T> take(std::vector<T>&& values) {
    auto* owned = new std::vector<T>(std::move(values));
    py::capsule free_it(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), free_it);
}

/// A numpy array that takes over an aligned buffer (no copy).
template <class T>
py::array_t<T> take(iemlab::aligned_buffer<T>&& values) {
    auto* owned = new iemlab::aligned_buffer<T>(std::move(values));
    py::capsule free_it(owned, [](void* p) { delete static_cast<iemlab::aligned_buffer<T>*>(p); });
    return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), free_it);
}

/// A 1-D float64 array (converted only when it is not one already) copied into a vector.
inline std::vector<double> to_vector(const py::array_t<double, py::array::c_style | py::array::forcecast>& a,
                                     const char* name) {
    if (a.ndim() != 1)
        throw iemlab::error(
            std::string(name) + ": expected a 1-D array, got " + std::to_string(a.ndim()) + " dimensions", name);
    return {a.data(), a.data() + a.size()};
}

/// The value named `name` among `choices` (the Python API's string options); iemlab::error listing them otherwise.
template <class Enum>
Enum choose(std::string_view where, std::string_view parameter, std::string_view name,
            std::initializer_list<std::pair<const char*, Enum>> choices) {
    std::string list;
    for (const auto& [text, value] : choices) {
        if (name == text) return value;
        list.append(list.empty() ? "" : ", ").append(text);
    }
    iemlab::throw_invalid(where, parameter, "'" + std::string(name) + "' is not one of " + list);
}

/// Registers the core types, analysis, targets and file formats (module.cpp).
void bind_core(py::module_& m);
/// Registers sweeps, deconvolution, harmonic analysis and the sweep analyzer (dsp.cpp).
void bind_dsp(py::module_& m);
/// Registers the ear canal, coupler, open ear, occlusion and leak models (acoustics.cpp).
void bind_acoustics(py::module_& m);
/// Registers the simulated rig, the measurement session, drivers, acoustics and the EQ (models.cpp).
void bind_models(py::module_& m);

} // namespace iemlab_python
