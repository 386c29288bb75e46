// Equalizer APO parametric EQ text: written, read back by the reader (written to Equalizer APO's documented
// configuration grammar), and AutoEq's published file format read as published.
#include <iemlab/io/equalizer_apo.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace iemlab;
using dsp::biquad_type;
using Catch::Matchers::Contains;

TEST_CASE("an AutoEq ParametricEQ.txt is read as published", "[io][equalizer_apo]") {
    // Published figures: jaakkopasanen/AutoEq results/oratory1990/in-ear/Etymotic ER2XR/Etymotic ER2XR
    // ParametricEQ.txt @ 71532835d28ccafd1875828fe560534a87695e2c (first three filters), with a comment, a
    // Windows line end, a filter switched OFF and a command a parametric EQ ignores added by hand.
    const std::string text = "# AutoEq\r\n"
                             "Preamp: -5.6 dB\r\n"
                             "Filter 1: ON LSC Fc 105 Hz Gain 2.5 dB Q 0.70\n"
                             "Filter 2: ON PK Fc 8481 Hz Gain 6.0 dB Q 1.00\n"
                             "\n"
                             "Filter 3: OFF PK Fc 2064 Hz Gain -4.0 dB Q 1.17\n"
                             "Channel: L R\n"
                             "Filter: ON HSC Fc 10000 Hz Gain -1.9 dB Q 0.70\n"
                             "Filter 5: ON HP Fc 20 Hz\n";
    const auto eq = io::parse_parametric_eq(text, "ER2XR");
    CHECK(eq.preamp_db == -5.6);
    REQUIRE(eq.filters.size() == 4);
    CHECK(eq.filters[0] == dsp::biquad_filter{biquad_type::low_shelf, 105, 2.5, 0.70});
    CHECK(eq.filters[1] == dsp::biquad_filter{biquad_type::peaking, 8481, 6.0, 1.00});
    CHECK(eq.filters[2] == dsp::biquad_filter{biquad_type::high_shelf, 10000, -1.9, 0.70});
    CHECK(eq.filters[3].type == biquad_type::high_pass);
    CHECK(eq.filters[3].q == Approx(std::sqrt(0.5)));
}

TEST_CASE("a parametric EQ written is read back", "[io][equalizer_apo]") {
    io::apo_parametric_eq eq{-6.0,
                             {{biquad_type::low_shelf, 105, 6.4, 0.7},
                              {biquad_type::peaking, 3098, -0.04, 1.41},
                              {biquad_type::high_shelf, 10000, 1.4, 0.7},
                              {biquad_type::low_pass, 18000, 0, 0.71}}};
    const std::string text = io::format_parametric_eq(eq);
    CHECK_THAT(text, Contains("Preamp: -6.0 dB\n"));
    CHECK_THAT(text, Contains("Filter 1: ON LSC Fc 105 Hz Gain 6.4 dB Q 0.70\n"));
    CHECK_THAT(text, Contains("Filter 2: ON PK Fc 3098 Hz Gain 0.0 dB Q 1.41\n")); // no "-0.0"
    CHECK_THAT(text, Contains("Filter 4: ON LPQ Fc 18000 Hz Q 0.71\n"));
    const auto back = io::parse_parametric_eq(text);
    CHECK(back.preamp_db == -6.0);
    REQUIRE(back.filters.size() == 4);
    CHECK(back.filters[0] == eq.filters[0]);
    CHECK(back.filters[1].gain_db == 0.0);
    CHECK(back.filters[3].type == biquad_type::low_pass);
}

TEST_CASE("GraphicEQ text", "[io][equalizer_apo]") {
    const frequency_response curve({20, 1000, 20000}, {-3.04, 0, -12.26});
    CHECK(io::format_graphic_eq(curve) == "GraphicEQ: 20 -3.0; 1000 0.0; 20000 -12.3\n");
}

TEST_CASE("malformed Equalizer APO lines are errors naming the line", "[io][equalizer_apo]") {
    CHECK_THROWS_WITH(io::parse_parametric_eq("Preamp: -6 dB\nFilter 1: ON BP Fc 100 Hz Q 1\n", "x.txt"),
                      Contains("x.txt:2") && Contains("BP"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Filter 1: ON PK Fc 100 Gain -3 dB Q 1\n"), Contains("Fc needs the unit Hz"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Filter 1: ON PK Fc 100 Hz Q 1\n"), Contains("no Gain"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Filter 1: ON PK Fc abc Hz Gain 1 dB Q 1\n"), Contains("'abc' is not a number"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Filter 1: ON PK Fc 100 Hz Gain 1 dB BW Oct 1\n"), Contains("BW"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Preamp: -6\n"), Contains("Preamp: <gain> dB"));
    CHECK_THROWS_WITH(io::parse_parametric_eq("Filter 1: MAYBE PK\n"), Contains("ON or OFF"));
    CHECK_THROWS_WITH(io::read_parametric_eq("/nonexistent/eq.txt"), Contains("cannot be opened"));
}
