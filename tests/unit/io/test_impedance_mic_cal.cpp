// Impedance (ZMA, REW impedance export) and microphone calibration files (REW calibration files; FRD/ZMA; REW impedance
// export).
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/mic_calibration.hpp>
#include <iemlab/io/numeric_table.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace iemlab;
using Catch::Matchers::Contains;

TEST_CASE("ZMA and REW impedance exports", "[io][impedance]") {
    SECTION("plain ZMA with phase, CRLF") {
        const auto z = io::parse_impedance("* BA receiver\r\n10 8.5 -1.25\r\n100 9.0 0\r\n1000 32.5 45\r\n", "ba.zma");
        REQUIRE(z.size() == 3);
        CHECK(z.name == "ba");
        CHECK(z.frequency_hz == std::vector<double>{10, 100, 1000});
        CHECK(z.magnitude_ohm == std::vector<double>{8.5, 9.0, 32.5});
        CHECK(z.phase_deg == std::vector<double>{-1.25, 0, 45});
        // Z = |Z|·e^{jφ}: 32.5∠45° = 22.98097…(1 + j).
        CHECK(z.value(2).real() == Approx(32.5 / std::sqrt(2.0)).epsilon(1e-14));
        CHECK(z.value(2).imag() == Approx(32.5 / std::sqrt(2.0)).epsilon(1e-14));
    }
    SECTION("REW impedance export: header block, columns by name, a resistor's zero phase kept") {
        const auto z = io::parse_impedance("* Measurement data measured by REW V5.20.13\n*\n"
                                           "* Freq(Hz)\tPhase(degrees)\tImpedance(Ohms)\n20\t0\t32.1\n40\t0\t32.2\n",
                                           "r.txt");
        CHECK(z.magnitude_ohm == std::vector<double>{32.1, 32.2});
        CHECK(z.phase_deg == std::vector<double>{0, 0});
    }
    SECTION("errors name file and line") {
        CHECK_THROWS_WITH(io::parse_impedance("10 8\n20 -1\n", "n.zma"), Contains("n.zma:2:") && Contains("impedance"));
        CHECK_THROWS_WITH(io::parse_impedance("10 8\n10 9\n", "d.zma"), Contains("d.zma:2:"));
        CHECK_THROWS_AS(io::parse_impedance("", "e.zma"), file_error);
    }
    SECTION("write and read back at the printed precision") {
        io::impedance_curve z{{10, 1000, 20000}, {8.123456789, 32.5, 1234567.0}, {-1.5, 0.25, 89.99999}, "x"};
        const std::string text = io::format_impedance(z);
        CHECK_THAT(text, Contains("10.000000 8.12346 -1.5000"));
        CHECK_THAT(text, Contains("20000.000000 1.23457e+06 90.0000"));
        const auto back = io::parse_impedance(text, "x.zma");
        CHECK(io::format_impedance(back) == text);
        const auto dir = std::filesystem::temp_directory_path() / "iemlab-zma-test";
        std::filesystem::create_directories(dir);
        io::write_impedance(dir / "z.zma", z);
        CHECK(io::read_impedance(dir / "z.zma").size() == 3);
        std::filesystem::remove_all(dir);
        z.magnitude_ohm[1] = -1;
        CHECK_THROWS_WITH(io::format_impedance(z), Contains("magnitude_ohm[1]"));
    }
}

TEST_CASE("microphone calibration files and REW's subtraction", "[io][miccal]") {
    SECTION("miniDSP UMIK form: quoted sensitivity line with AGain and serial number") {
        const auto cal = io::parse_mic_calibration(
            "\"Sens Factor =-1.378dB, AGain =18dB, SERNO: 7012345\"\n20\t-1.5\n1000\t0\n20000\t2.25\n", "7012345.txt");
        REQUIRE(cal.sensitivity_db);
        CHECK(*cal.sensitivity_db == -1.378);
        REQUIRE(cal.gain_db);
        CHECK(*cal.gain_db == 18);
        CHECK(cal.serial_number == "7012345");
        CHECK_FALSE(cal.sensitivity_frequency_hz);
        CHECK(cal.correction.size() == 3);
    }
    SECTION("Dayton form: *1000Hz -36.0") {
        const auto cal = io::parse_mic_calibration("*1000Hz\t-36.0\n10 0.1\n20 0.2\n", "dayton.txt");
        CHECK(*cal.sensitivity_frequency_hz == 1000);
        CHECK(*cal.sensitivity_db == -36.0);
        CHECK(cal.correction.magnitude_db() == std::vector<double>{0.1, 0.2});
    }
    SECTION("plain file, comments with ; and \"") {
        const auto cal = io::parse_mic_calibration("; calibrated 2024\n\"note\"\n20 1\n20000 -1\n", "plain.cal");
        CHECK_FALSE(cal.sensitivity_db);
        CHECK(cal.sensitivity_line.empty());
    }
    SECTION("an unreadable sensitivity line is an error on its line") {
        CHECK_THROWS_WITH(io::parse_mic_calibration("\n\"Sens Factor = n/a\"\n20 1\n", "bad.txt"), Contains("bad.txt:2:"));
    }
    SECTION("REW subtracts the calibration, log-frequency interpolation, ends held") {
        // Calibration: 0 dB at 100 Hz, -6 dB at 10 kHz. At 1 kHz (half-way in log f) it is -3 dB, so a flat 80 dB
        // measurement becomes 83 dB there; below 100 Hz it stays 80, above 10 kHz it is 86 (held ends).
        const frequency_response cal({100, 10000}, {0, -6});
        const frequency_response measured({50, 100, 1000, 10000, 20000}, {80, 80, 80, 80, 80}, {10, 20, 30, 40, 50}, "m");
        const auto out = io::apply_mic_calibration(measured, cal);
        CHECK(out.name() == "m");
        CHECK(out.magnitude_db()[0] == Approx(80).margin(1e-12));
        CHECK(out.magnitude_db()[2] == Approx(83).margin(1e-12));
        CHECK(out.magnitude_db()[3] == Approx(86).margin(1e-12));
        CHECK(out.magnitude_db()[4] == Approx(86).margin(1e-12));
        CHECK(out.phase_deg() == measured.phase_deg()); // a magnitude-only calibration leaves the phase alone
        const frequency_response cal_phase({100, 10000}, {0, 0}, {170, -170}); // +20° step across the wrap
        const auto p = io::apply_mic_calibration(measured, cal_phase);
        CHECK(p.phase_deg()[2] == Approx(30 - 180).margin(1e-9)); // unwrapped: 170 → 190, half-way 180
        CHECK_THROWS_WITH(io::apply_mic_calibration(frequency_response{}, cal), Contains("measured"));
    }
}

TEST_CASE("numeric tables with named columns", "[io][table]") {
    const auto t = io::parse_table("# THD\nfrequency,h2_db,h3_db,thd_percent\n20,-40,-50,1.04\n200,-50,-60,0.32\n", "thd.csv");
    REQUIRE(t.rows() == 2);
    CHECK(t.names == std::vector<std::string>{"frequency", "h2_db", "h3_db", "thd_percent"});
    REQUIRE(t.find("THD_percent"));
    CHECK(t.columns[*t.find("thd_percent")] == std::vector<double>{1.04, 0.32});
    CHECK_FALSE(t.find("thd"));
    CHECK(t.line_numbers == std::vector<std::size_t>{3, 4});
    CHECK_THROWS_WITH(io::parse_table("a,b\n1,2\n3\n", "t.csv"), Contains("t.csv:3:"));
}
