// The Python module's acoustic models: the ear canal (insertion depth, residual volume), the IEC 60318-4 (711)
// coupler, the open ear's gain, the occlusion effect and eartip leaks.
#include "common.hpp"

#include <iemlab/acoustics/coupler.hpp>
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/acoustics/eardrum.hpp>
#include <iemlab/acoustics/leak.hpp>
#include <iemlab/acoustics/occlusion.hpp>
#include <iemlab/acoustics/open_ear.hpp>

namespace iemlab_python {

using namespace pybind11::literals;
namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;

namespace {

using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

py::array_t<std::complex<double>> complex_of(const nw::complex_spectrum& s) { return take(s.values()); }

nw::grid grid_of(const double_array& frequency) { return nw::grid(to_vector(frequency, "frequency")); }

ac::ear_canal make_canal(double length, double diameter, double temperature, const std::string& eardrum,
                         std::optional<double_array> positions, std::optional<double_array> areas) {
    ac::ear_canal c;
    if (positions || areas) {
        if (!positions || !areas) throw iemlab::error("EarCanal: give both positions and areas", "areas");
        c.geometry = ac::canal_geometry::area_function(to_vector(*positions, "positions"), to_vector(*areas, "areas"));
    } else {
        c.geometry = ac::canal_geometry::cylinder(length, diameter);
    }
    c.air = iemlab::air_properties::at_celsius(temperature);
    c.eardrum = ac::parse_eardrum_model(eardrum, "eardrum");
    return c;
}

} // namespace

void bind_acoustics(py::module_& m) {
    py::class_<ac::ear_canal>(m, "EarCanal", R"doc(
An ear canal: a cylinder of `length` and `diameter` (m), or an area function (`positions` from the entrance in m,
first 0, last the length; cross-sectional `areas` in m²), air at `temperature` (°C), terminated by an eardrum
model ("shaw-stinson", "hudde", "rigid" or "p57"), with visco-thermal wall losses.
)doc")
        .def(py::init(&make_canal), "length"_a = 0.025, "diameter"_a = 0.0075, "temperature"_a = 37.0,
             "eardrum"_a = "shaw-stinson", "positions"_a = py::none(), "areas"_a = py::none())
        .def_property_readonly(
            "length", [](const ac::ear_canal& c) { return c.geometry.length(); }, "Length, m.")
        .def_property_readonly(
            "speed_of_sound", [](const ac::ear_canal& c) { return c.air.speed_of_sound; },
            "Speed of sound of its air, m/s.");

    py::class_<ac::leak>(m, "Leak", R"doc(
A leak past (or a vent through) an eartip: acoustic resistance R (Pa·s/m³) and mass M (kg/m⁴).
Build with Leak(resistance, mass), Leak.slit(width, gap, length) or Leak.tube(length, diameter) (m).
)doc")
        .def(py::init([](double resistance, double mass) { return ac::leak::lumped(resistance, mass); }),
             "resistance"_a, "mass"_a = 0.0)
        .def_static(
            "slit",
            [](double width, double gap, double length, double temperature) {
                return ac::leak::slit(iemlab::air_properties::at_celsius(temperature), width, gap, length);
            },
            "width"_a, "gap"_a, "length"_a, "temperature"_a = 37.0,
            "A slit of width W, gap H and length L along the flow (m): R = 12μL/(W·H³), M = 1.2ρL/(W·H).")
        .def_static(
            "tube",
            [](double length, double diameter, double temperature) {
                return ac::leak::tube(iemlab::air_properties::at_celsius(temperature), length, diameter);
            },
            "length"_a, "diameter"_a, "temperature"_a = 37.0,
            "A circular vent (m): Poiseuille R = 8μl/(πr⁴), mass with end corrections ρ(l + 1.7r)/(πr²).")
        .def_property_readonly("resistance", &ac::leak::resistance, "R, Pa·s/m³.")
        .def_property_readonly("mass", &ac::leak::mass, "M, kg/m⁴.")
        .def(
            "impedance",
            [](const ac::leak& l, const double_array& frequency) {
                const auto f = to_vector(frequency, "frequency");
                std::vector<std::complex<double>> z(f.size());
                for (std::size_t i = 0; i < f.size(); ++i) z[i] = l.impedance(2 * 3.14159265358979323846 * f[i]);
                return take(std::move(z));
            },
            "frequency"_a, "R + jωM at frequency (Hz), Pa·s/m³.");

    m.def(
        "canal_response",
        [](const double_array& frequency, const ac::ear_canal& canal, double depth, std::optional<ac::leak> leak) {
            const auto g = grid_of(frequency);
            nw::port_response r;
            double volume = 0;
            {
                py::gil_scoped_release unlocked;
                const ac::ear_canal_model model(g, canal, leak.value_or(ac::leak{}));
                r = model.respond(depth);
                volume = model.residual_volume(depth);
            }
            py::dict d;
            d["input_impedance"] = complex_of(r.input_impedance);
            d["transfer_impedance"] = complex_of(r.transfer_impedance);
            d["pressure_ratio"] = complex_of(r.across_ratio);
            d["residual_volume"] = volume;
            return d;
        },
        "frequency"_a, "canal"_a = ac::ear_canal{}, "depth"_a = 0.01, "leak"_a = py::none(), R"doc(
An ear canal sealed `depth` m from its entrance (0 <= depth < length), seen from the eartip, with an optional
leak at the tip: dict of "input_impedance" (Pa·s/m³, leak included), "transfer_impedance" p_drum/U_tip
(Pa·s/m³), "pressure_ratio" p_drum/p_tip (complex arrays on frequency, Hz) and "residual_volume" (m³).
)doc");
    m.def(
        "coupler_response",
        [](const double_array& frequency, double temperature, double extension) {
            const auto g = grid_of(frequency);
            const ac::iec60318_4_coupler c(g, iemlab::air_properties::at_celsius(temperature), {}, extension);
            py::dict d;
            d["input_impedance"] = complex_of(c.input_impedance());
            d["transfer_impedance"] = complex_of(c.transfer_impedance());
            d["effective_volume"] = take(c.effective_volume());
            return d;
        },
        "frequency"_a, "temperature"_a = 23.0, "extension"_a = 0.0, R"doc(
The IEC 60318-4 (711) ear simulator's lumped model from its reference plane (plus `extension` m of Ø 7.5 mm line
ahead of it): dict of "input_impedance", "transfer_impedance" p_mic/U_ref (Pa·s/m³, complex) and
"effective_volume" γP0/(ω|Z_T|) (m³; 1.26 cm³ nominal at 500 Hz), on frequency (Hz), air at temperature (°C).
)doc");
    m.def(
        "open_ear_gain",
        [](const double_array& frequency, const ac::ear_canal& canal, bool re_blocked) {
            const auto g = grid_of(frequency);
            return complex_of(re_blocked ? ac::open_ear_gain_re_blocked(g, canal) : ac::open_ear_gain(g, canal));
        },
        "frequency"_a, "canal"_a = ac::ear_canal{}, "re_blocked"_a = false, R"doc(
The open canal's gain p_drum/p_entrance (complex, on frequency in Hz); with re_blocked, p_drum/p_blocked: the
canal driven at its entrance through the radiation impedance of the opening.
)doc");
    m.def(
        "occlusion_effect",
        [](const double_array& frequency, double depth, const ac::ear_canal& canal, double cartilage_fraction,
           double bony_weight, std::optional<ac::leak> leak) {
            const auto g = grid_of(frequency);
            ac::occlusion_parameters p;
            p.cartilage_fraction = cartilage_fraction;
            p.bony_weight = bony_weight;
            if (leak) p.plug_leak = *leak;
            std::vector<double> db;
            {
                py::gil_scoped_release unlocked;
                db = ac::occlusion_model(g, canal, p).occlusion_effect_db(depth);
            }
            return take(std::move(db));
        },
        "frequency"_a, "depth"_a, "canal"_a = ac::ear_canal{}, "cartilage_fraction"_a = 0.4, "bony_weight"_a = 0.1,
        "leak"_a = py::none(), R"doc(
The occlusion effect 20·lg|p_drum,occluded/p_drum,open| in dB (on frequency, Hz) of a seal `depth` m into a
cylindrical canal, for bone-conducted sound radiated by the canal wall (cartilaginous outer `cartilage_fraction`
of the length, the bony part at `bony_weight` of its strength); `leak`: a vent or leak past the eartip.
)doc");
}

} // namespace iemlab_python
