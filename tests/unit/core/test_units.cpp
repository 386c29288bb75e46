#include <iemlab/core/enum_name.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/core/units.hpp>
#include <iemlab/core/value_list.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

TEST_CASE("literals convert to SI", "[core][units]") {
    using namespace iemlab::literals;
    CHECK((2.5_kHz).value() == Approx(2500.0));
    CHECK((20_Hz).value() == 20.0);
    CHECK((500_ms).value() == Approx(0.5));
    CHECK((10.0_mm).value() == Approx(0.01));
    CHECK((75_ohm).value() == 75.0);
    CHECK((37_degC).value() == Approx(310.15));
    CHECK((1_cm3).value() == Approx(1e-6));
    const units::frequency sum = 1_kHz + 500_Hz;
    CHECK(sum.value() == Approx(1500.0));
    const auto period = 1.0 / (1_kHz);
    static_assert(std::is_same_v<std::remove_cv_t<decltype(period)>,
                                 boost::units::quantity<boost::units::si::time, double>>,
                  "1/frequency must be a time");
}

TEST_CASE("quantity strings parse with their unit", "[core][units]") {
    CHECK(parse_frequency("2.5kHz").value() == Approx(2500));
    CHECK(parse_frequency("20Hz").value() == 20);
    CHECK(parse_frequency(" 20 hz ").value() == 20);
    CHECK(parse_frequency("48000").value() == 48000); // bare number: Hz
    CHECK(parse_frequency("+1e3Hz").value() == 1000);
    CHECK(parse_time("500ms").value() == Approx(0.5));
    CHECK(parse_time("2s").value() == 2);
    CHECK(parse_time("2").value() == 2);
    CHECK(parse_length("10mm").value() == Approx(0.01));
    CHECK(parse_length("0.01m").value() == Approx(0.01));
    CHECK(parse_electric_impedance("75ohm").value() == 75);
    CHECK(parse_electric_impedance("0.3Ω").value() == Approx(0.3));
    CHECK(parse_electric_impedance("1.2kohm").value() == Approx(1200));
    CHECK(parse_dbfs("-6dBFS") == -6);
    CHECK(parse_dbfs("-6") == -6);
    CHECK(parse_temperature("37C").value() == Approx(310.15));
    CHECK(parse_temperature("23").value() == Approx(296.15));
    CHECK(parse_temperature("300K").value() == 300);
    CHECK(parse_quantity("1.26cm3", quantity_kind::volume) == Approx(1.26e-6));
    CHECK(parse_quantity("12", quantity_kind::time, "--fade", "ms") == Approx(0.012));
}

TEST_CASE("bad quantity strings give an error naming the parameter", "[core][units]") {
    CHECK_THROWS_WITH(parse_time("banana", "--duration"),
                      Contains("--duration") && Contains("banana") && Contains("not a number"));
    CHECK_THROWS_WITH(parse_frequency("20parsecs", "--f2"), Contains("--f2") && Contains("unknown unit 'parsecs'"));
    CHECK_THROWS_WITH(parse_frequency("20mm", "--f1"), Contains("--f1") && Contains("Hz, kHz"));
    CHECK_THROWS_WITH(parse_time("", "--duration"), Contains("--duration") && Contains("empty"));
    CHECK_THROWS_WITH(parse_time("nan", "--duration"), Contains("--duration"));
    CHECK_THROWS_WITH(parse_time("inf s", "--duration"), Contains("--duration"));
    CHECK_THROWS_WITH(parse_time("1e999s", "--duration"), Contains("representable"));
    CHECK_THROWS_WITH(parse_temperature("-300C", "--temperature"), Contains("absolute zero"));
    CHECK_THROWS_WITH(parse_quantity("3Hz", quantity_kind::dimensionless, "--count"), Contains("bare number"));
    CHECK_THROWS_AS(parse_dbfs("-6dB", "--level"), iemlab::error);
    CHECK_THROWS_AS(parse_dbfs("-6dB", "--level"), std::invalid_argument);
    // Case is forgiven ("KHZ", "OHM"), except where it is the SI prefix: M (mega) is never m (milli).
    CHECK(parse_frequency("2KHZ").value() == 2000);
    CHECK(parse_electric_impedance("16OHM").value() == 16);
    CHECK_THROWS_WITH(parse_electric_impedance("2Mohm", "--impedance"), Contains("unknown unit 'Mohm'"));
    CHECK_THROWS_WITH(parse_voltage("1MV", "--drive-voltage"), Contains("unknown unit 'MV'"));
    CHECK_THROWS_WITH(parse_length("3MM", "--depth"), Contains("unknown unit 'MM'"));
}

TEST_CASE("nearest names for misspelt commands, and 48k as a frequency", "[core][enum_name]") {
    CHECK(edit_distance("kitten", "sitting") == 3); // the textbook example: k→s, e→i, +g
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("smooth", "smooth") == 0);
    const std::vector<std::string> commands{"average", "convert", "score", "smooth", "sweep"};
    CHECK(nearest_name("smoth", commands) == "smooth");
    CHECK(nearest_name("scroe", commands) == "score");
    CHECK(nearest_name("conv", commands) == "convert"); // a prefix
    CHECK(nearest_name("zzzzzz", commands).empty());
    CHECK(parse_frequency("48k", "--rate").value() == 48000);
    CHECK(parse_frequency("44.1K", "--rate").value() == Approx(44100));
}

TEST_CASE("capacitance and inductance strings parse with their unit", "[core][units]") {
    CHECK(parse_capacitance("220nF") == Approx(220e-9));
    CHECK(parse_capacitance("100uF") == Approx(100e-6));
    CHECK(parse_capacitance("4.7µF") == Approx(4.7e-6));
    CHECK(parse_capacitance("1e-6") == Approx(1e-6)); // a bare number is in F
    CHECK(parse_inductance("100uH") == Approx(100e-6));
    CHECK(parse_inductance("2mH") == Approx(2e-3));
    CHECK(parse_inductance("1e-4") == Approx(1e-4)); // a bare number is in H, as --source-inductance always read it
    CHECK_THROWS_WITH(parse_capacitance("220nH", "--c"), Contains("--c") && Contains("capacitance") && Contains("nF"));
    CHECK_THROWS_WITH(parse_inductance("5MH", "--l"), Contains("unknown unit")); // mega is never read as milli
}

TEST_CASE("value lists: single values, comma lists and start:stop:step ranges", "[core][units]") {
    const auto mm = [](std::string_view t) { return parse_length(t, "--insertion-depth").value(); };
    const auto one = parse_value_list("5mm", "--insertion-depth", mm);
    REQUIRE(one.size() == 1);
    CHECK(one[0].value == Approx(5e-3));
    CHECK(one[0].text == "5mm");

    const auto range = parse_value_list("4mm:20mm:2mm", "--insertion-depth", mm);
    REQUIRE(range.size() == 9); // 4, 6, …, 20: the stop is included
    for (std::size_t k = 0; k < range.size(); ++k) CHECK(range[k].value == Approx(4e-3 + 2e-3 * double(k)));
    CHECK(range[1].text == "6mm"); // labels in the step's unit, without binary noise (not 6.000000000000001mm)
    CHECK(range.back().text == "20mm");

    const auto mixed = parse_value_list(" 3mm , 1cm:2cm:5mm,25mm", "--insertion-depth", mm);
    REQUIRE(mixed.size() == 5);
    CHECK(mixed[0].text == "3mm");
    CHECK(mixed[1].text == "10mm"); // the step's unit (mm), not the start's (cm)
    CHECK(mixed[3].value == Approx(20e-3));
    CHECK(mixed[4].text == "25mm");

    const auto ohm = [](std::string_view t) { return parse_electric_impedance(t, "--source-impedance").value(); };
    const auto r = parse_value_list("0:100:25", "--source-impedance", ohm);
    REQUIRE(r.size() == 5);
    CHECK(r[4].value == 100.0);
    CHECK(r[2].text == "50");
    // A stop off the step grid ends at the last step below it.
    CHECK(parse_value_list("0:10ohm:3ohm", "--source-impedance", ohm).back().value == 9.0);
}

TEST_CASE("bad value lists give an error naming the option", "[core][units]") {
    const auto mm = [](std::string_view t) { return parse_length(t, "--insertion-depth").value(); };
    CHECK_THROWS_WITH(parse_value_list("4mm,,8mm", "--insertion-depth", mm), Contains("--insertion-depth") && Contains("empty item"));
    CHECK_THROWS_WITH(parse_value_list("4mm:8mm", "--insertion-depth", mm), Contains("start:stop:step"));
    CHECK_THROWS_WITH(parse_value_list("4mm:8mm:0mm", "--insertion-depth", mm), Contains("step 0") && Contains("> 0"));
    CHECK_THROWS_WITH(parse_value_list("8mm:4mm:1mm", "--insertion-depth", mm), Contains("start <= stop"));
    CHECK_THROWS_WITH(parse_value_list("0mm:1m:1um", "--insertion-depth", mm), Contains("more than 256"));
    CHECK_THROWS_WITH(parse_value_list("4mm,8 parsecs", "--insertion-depth", mm), Contains("--insertion-depth") && Contains("unknown unit"));
}
