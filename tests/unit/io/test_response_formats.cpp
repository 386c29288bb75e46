// Response file formats against real third-party files (IEMLAB_DATA, see its SOURCES.md) and against the formats
// as the programs that write them define them (REW's text export, squig.link/CrinGraph, AutoEq CSV, FRD, ZMA; see
// io/response_formats.hpp). Expected values come from the files themselves (read here with an independent,
// minimal reader) or from SOURCES.md, never from the code under test.
#include <iemlab/io/response_formats.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace iemlab;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = test::data_dir();

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Independent minimal reader: every line whose first character is a digit, split on TAB/comma/space,
// first two fields through strtod. Used as the truth for what the files contain.
struct plain_rows {
    std::vector<double> f, db;
};
plain_rows plain_read(const fs::path& p) {
    std::istringstream in(slurp(p));
    plain_rows r;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] < '0' || line[0] > '9') continue;
        char* end = nullptr;
        r.f.push_back(std::strtod(line.c_str(), &end));
        while (*end == ',' || *end == ' ' || *end == '\t') ++end;
        r.db.push_back(std::strtod(end, nullptr));
    }
    return r;
}

std::vector<fs::path> real_response_files() {
    std::vector<fs::path> files;
    for (const auto* dir : {"autoeq", "autoeq/legacy_inear", "targets"})
        for (const auto& e : fs::directory_iterator(data_dir / dir)) {
            const auto ext = e.path().extension();
            if (e.is_regular_file() && (ext == ".csv" || ext == ".txt")) files.push_back(e.path());
        }
    std::sort(files.begin(), files.end());
    return files;
}

// The line number a file_error reports, checked through the message "name:line: why".
std::string at_line(const std::string& name, int line) { return name + ":" + std::to_string(line) + ": "; }

} // namespace

TEST_CASE("every real response file in the data directory parses to what the file says", "[io][formats][data]") {
    IEMLAB_REQUIRE_DATA();
    const auto files = real_response_files();
    REQUIRE(files.size() == 19); // 13 + 1 legacy AutoEq CSVs, 5 squig/REW targets
    for (const auto& p : files) {
        INFO(p.string());
        const auto r = io::read_response(p);
        const auto truth = plain_read(p);
        REQUIRE(r.size() == truth.f.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
            REQUIRE(r.frequencies()[i] == truth.f[i]); // both are the correctly rounded double of the text
            REQUIRE(r.magnitude_db()[i] == truth.db[i]);
        }
        CHECK_FALSE(r.has_phase());
        CHECK(r.name() == p.stem().string());
    }
}

TEST_CASE("real files: point counts and spot values from SOURCES.md", "[io][formats][data]") {
    IEMLAB_REQUIRE_DATA();
    // autoeq/SOURCES.md: 695 rows on 20·1.01^n, 20.00 … 19955.54 Hz; 2019v2 spot values.
    const auto h = io::read_response(data_dir / "autoeq/harman_in-ear_2019v2.csv");
    REQUIRE(h.size() == 695);
    CHECK(h.frequencies().front() == 20.0);
    CHECK(h.frequencies().back() == 19955.54);
    const std::vector<std::pair<double, double>> spots{{100.25, 2.79},  {998.46, -0.01}, {3166.72, 9.42},
                                                       {5004.87, 7.71}, {9651.68, 0.01}, {15103.06, -8.86}};
    for (auto [f, db] : spots) {
        const auto it = std::find(h.frequencies().begin(), h.frequencies().end(), f);
        REQUIRE(it != h.frequencies().end());
        CHECK(h.magnitude_db()[std::size_t(it - h.frequencies().begin())] == db);
    }
    // targets/SOURCES.md: row counts and quirks.
    CHECK(io::read_response(data_dir / "targets/IEF Neutral Target.txt").size() == 480);      // CRLF, 2 spaces
    CHECK(io::read_response(data_dir / "targets/IEF Neutral 2023 Target.txt").size() == 529); // comma+space
    CHECK(io::read_response(data_dir / "targets/KEMAR DF Target.txt").size() == 957);         // 1/96 oct
    CHECK(io::read_response(data_dir / "targets/Diffuse Field Target.txt").size() == 480);    // REW, CRLF
    CHECK(io::read_response(data_dir / "targets/Etymotic Target.txt").size() == 480);         // blank lines
    const auto kemar = io::read_response(data_dir / "targets/KEMAR DF Target.txt");
    CHECK(kemar.frequencies()[1] == 20.144928); // REW's exact 1/96-octave step (REW text export)
    CHECK(kemar.magnitude_db().front() == 0.466);
    CHECK(kemar.frequencies().back() == 19896.974609);
    CHECK(kemar.magnitude_db().back() == -1.685);
}

TEST_CASE("format detection by content on the real files", "[io][formats][data]") {
    IEMLAB_REQUIRE_DATA();
    for (const auto& p : real_response_files()) {
        INFO(p.string());
        const auto f = io::detect_format(slurp(p));
        if (p.extension() == ".csv") CHECK(f == io::response_format::autoeq);
        else if (p.filename() == "Etymotic Target.txt" || p.filename() == "IEF Neutral Target.txt")
            CHECK(f == io::response_format::squig); // plain two-column squig files
        else CHECK(f == io::response_format::rew);  // REW exports
    }
    CHECK(io::detect_format("frequency,spl_db,phase_deg\n20,1,2\n30,1,2\n") == io::response_format::csv);
    CHECK(io::detect_format("* comment\n20 1 2\n30 1 2\n") == io::response_format::frd);
    CHECK(io::detect_format("\nFrequency\tdB\tUnweighted\n19.5\t56.6 \n20\t57\n") == io::response_format::squig);
    CHECK(io::detect_format("\"Sens Factor =-1.378dB, SERNO: 7012345\"\n20 -1\n30 0\n") == io::response_format::mic_cal);
    CHECK(io::detect_format("* Freq(Hz) Impedance(Ohms) Phase(degrees)\n20 8 1\n30 8 2\n") == io::response_format::zma);
    CHECK_THROWS_WITH(io::detect_format("hello\nworld\n"), Contains("no numeric data rows"));
}

TEST_CASE("writers reproduce the real files at their printed precision", "[io][formats][data]") {
    IEMLAB_REQUIRE_DATA();
    // AutoEq CSV: format_response must give back the file byte for byte (`frequency,raw`, %.2f, LF).
    for (const auto& p : real_response_files()) {
        if (p.extension() != ".csv") continue;
        INFO(p.string());
        CHECK(io::format_response(io::read_response(p), io::response_format::autoeq) == slurp(p));
    }
    // REW text: the data rows of a REW V5.20 TAB export (6-decimal frequency, 3-decimal SPL) come back exactly.
    for (const char* name : {"targets/KEMAR DF Target.txt", "targets/Diffuse Field Target.txt"}) {
        INFO(name);
        std::string original = slurp(data_dir / name);
        original.erase(std::remove(original.begin(), original.end(), '\r'), original.end());
        const auto written = io::format_response(io::read_response(data_dir / name), io::response_format::rew);
        const auto data_rows = [](const std::string& s) {
            std::string rows;
            std::istringstream in(s);
            for (std::string line; std::getline(in, line);)
                if (!line.empty() && line[0] != '*') rows += line + "\n";
            return rows;
        };
        CHECK(data_rows(written) == data_rows(original));
        // The header block is REW's 14 lines, so CrinGraph's fixed rows 14–493 are the data.
        std::istringstream in(written);
        std::string line;
        int header_lines = 0;
        while (std::getline(in, line) && !line.empty() && line[0] == '*') ++header_lines;
        CHECK(header_lines == 14);
    }
}

TEST_CASE("round trips through every writable format", "[io][formats][data]") {
    IEMLAB_REQUIRE_DATA();
    using F = io::response_format;
    for (const auto& p : real_response_files()) {
        INFO(p.string());
        const auto original = io::read_response(p);
        for (F format : {F::rew, F::squig, F::autoeq, F::frd, F::zma, F::csv}) {
            INFO(io::to_string(format));
            const std::string text = io::format_response(original, format);
            const auto back = io::parse_response(text, original.name() + ".txt", format);
            // Writing what was read gives the same text again (round trip exact at the printed precision).
            CHECK(io::format_response(back, format) == text);
            CHECK(io::detect_format(text) == (format == F::squig ? F::rew : format));
            if (format == F::squig) {
                REQUIRE(back.size() == 480);
                continue;
            }
            // Formats that keep the points: same frequencies, levels within half the last printed digit.
            REQUIRE(back.size() == original.size());
            const double tolerance = format == F::autoeq ? 0.005 : format == F::rew ? 0.0005 : 0.00005;
            for (std::size_t i = 0; i < back.size(); ++i) {
                REQUIRE(std::fabs(back.frequencies()[i] - original.frequencies()[i]) <= (format == F::autoeq ? 0.005 : 5e-7) + 1e-9);
                if (format == F::zma) // 6 significant digits of |Z| = 10^(dB/20): 20·log10(1 + 5e-6) dB
                    REQUIRE(std::fabs(back.magnitude_db()[i] - original.magnitude_db()[i]) <= 4.4e-5);
                else
                    REQUIRE(std::fabs(back.magnitude_db()[i] - original.magnitude_db()[i]) <= tolerance + 1e-12);
            }
        }
    }
}

TEST_CASE("squig writer resamples to 480 points at 1/48 octave, log-linear, ends held", "[io][formats]") {
    // Level linear in log2 f: 3 dB per octave from 40 Hz to 10 kHz. Log-linear interpolation is then exact,
    // so at 20·2^(k/48) the level is 3·log2(f/40) inside and held outside (squig.link/CrinGraph).
    std::vector<double> f, db;
    for (double x = 40; x <= 10000.0001; x *= std::pow(2.0, 1.0 / 7)) {
        f.push_back(x);
        db.push_back(3 * std::log2(x / 40));
    }
    const frequency_response r(f, db, {}, "slope");
    const auto back = io::parse_response(io::format_response(r, io::response_format::squig), "slope L.txt");
    REQUIRE(back.size() == 480);
    for (std::size_t k = 0; k < 480; ++k) {
        const double fk = 20 * std::pow(2.0, double(k) / 48);
        CHECK(back.frequencies()[k] == Approx(fk).margin(5e-7));
        const double expected = fk <= f.front() ? db.front() : fk >= f.back() ? db.back() : 3 * std::log2(fk / 40);
        CHECK(back.magnitude_db()[k] == Approx(expected).margin(0.0005 + 1e-9));
    }
}

TEST_CASE("REW and squig text variants from the wild", "[io][formats]") {
    SECTION("REW V5.20 header, CRLF, CP949 bytes in the header, 3 columns with phase") {
        std::string text = "* Measurement data measured by REW V5.20.13\r\n* Source: \xb8\xb6\xc0\xcc\xc5\xa9 (CP949)\r\n"
                           "* Format: 128k Log Swept Sine\r\n* Note: \xff\xfe\r\n*\r\n"
                           "* Freq(Hz)\tSPL(dB)\tPhase(degrees)\r\n"
                           "20.299999\t65.869\t-114.9169\r\n20.600000\t66.001\t-120.5\r\n";
        const auto r = io::parse_response(text, "m.txt");
        REQUIRE(r.size() == 2);
        CHECK(r.frequencies()[0] == 20.299999);
        CHECK(r.magnitude_db()[1] == 66.001);
        REQUIRE(r.has_phase());
        CHECK(r.phase_deg()[0] == -114.9169);
    }
    SECTION("REW export format with comma+space, and space-delimited") {
        const auto a = io::parse_response("* Freq(Hz), SPL(dB), Phase(degrees)\n20.000, 0.000, 64.208\n21, 1, 2\n", "a");
        CHECK(a.phase_deg() == std::vector<double>{64.208, 2});
        const auto b = io::parse_response("20.000 0.000 64.208\n21 1 2\n", "b");
        CHECK(b.magnitude_db() == std::vector<double>{0, 1});
    }
    SECTION("a phase column of zeros means no phase") {
        const auto r = io::parse_response("* Freq(Hz)\tSPL(dB)\tPhase(degrees)\n20\t1\t0\n30\t2\t0\n", "z");
        CHECK_FALSE(r.has_phase());
    }
    SECTION("479 rows and a missing last newline") {
        std::string text = "* Freq(Hz)\tSPL(dB)\n";
        for (int k = 0; k < 479; ++k) text += std::to_string(20 * std::pow(2.0, k / 48.0)) + "\t" + std::to_string(k % 7) + "\n";
        text.pop_back();
        CHECK(io::parse_response(text, "short L.txt").size() == 479);
    }
    SECTION("AudioTools: blank line, header, trailing spaces, saved/peak footer") {
        const auto r = io::parse_response("\nFrequency\tdB\tUnweighted\n19.5\t56.6 \n19.8\t56.7 \n\nsaved\t2020-01-01\npeak\t90\n", "at");
        CHECK(r.frequencies() == std::vector<double>{19.5, 19.8});
        CHECK(r.magnitude_db() == std::vector<double>{56.6, 56.7});
    }
    SECTION("semicolon fields with decimal commas; TAB fields with decimal commas") {
        const auto a = io::parse_response("freq;spl\n20,5;3,25\n1000;-1,5\n", "semi");
        CHECK(a.frequencies() == std::vector<double>{20.5, 1000});
        CHECK(a.magnitude_db() == std::vector<double>{3.25, -1.5});
        const auto b = io::parse_response("20,5\t3,25\n1000\t-1,5\n", "tab");
        CHECK(b.magnitude_db() == std::vector<double>{3.25, -1.5});
    }
    SECTION("columns picked by header name: AutoEq results with 11 columns, CSV with phase") {
        const auto a = io::parse_response(
            "frequency,raw,smoothed,error,error_smoothed,equalization,parametric_eq,fixed_band_eq,equalized_raw,"
            "equalized_smoothed,target\n20.00,1.5,2,3,4,5,6,7,8,9,10\n20.20,1.6,2,3,4,5,6,7,8,9,10\n", "results.csv");
        CHECK(a.magnitude_db() == std::vector<double>{1.5, 1.6});
        CHECK_FALSE(a.has_phase());
        const auto b = io::parse_response("frequency,phase_deg,spl_db\n20,10,1\n30,20,2\n", "b.csv");
        CHECK(b.magnitude_db() == std::vector<double>{1, 2});
        CHECK(b.phase_deg() == std::vector<double>{10, 20});
        const auto c = io::parse_response("20,0.14\n21,0.16\n20000,-56.12\n", "old autoeq integer grid");
        CHECK(c.frequencies() == std::vector<double>{20, 21, 20000});
    }
    SECTION("ZMA: ohms become dB re 1 ohm and back") {
        const auto z = io::parse_response("10 8 -1.5\n100 10 0.5\n", "d.zma", io::response_format::zma);
        CHECK(z.magnitude_db()[1] == Approx(20.0).margin(1e-12));
        CHECK(z.magnitude_db()[0] == Approx(20 * std::log10(8.0)).margin(1e-12));
        CHECK_THAT(io::format_response(z, io::response_format::zma), Contains("100.000000 10 0.5000"));
    }
}

TEST_CASE("malformed input gives an error naming file and line, never a curve", "[io][formats]") {
    const auto fails = [](std::string_view text, const std::string& what) {
        INFO(what);
        CHECK_THROWS_AS(io::parse_response(text, "bad.txt"), file_error);
        try {
            (void)io::parse_response(text, "bad.txt");
        } catch (const file_error& e) {
            CHECK(e.file() == "bad.txt");
            return std::string(e.what());
        }
        return std::string{};
    };
    CHECK_THAT(fails("", "empty"), Contains("bad.txt: is empty"));
    CHECK_THAT(fails("\n\n  \n", "blank"), Contains("no numeric data rows"));
    CHECK_THAT(fails("20 1\n30 2\n40", "truncated last row"), Contains(at_line("bad.txt", 3)));
    CHECK_THAT(fails("20 1\n30 x\n40 2\n", "non-numeric value"), Contains(at_line("bad.txt", 2)));
    CHECK_THAT(fails("20 1\n30 1.2.3\n", "bad number"), Contains("'1.2.3' is not a number"));
    CHECK_THAT(fails("20 1\nnoise here\n40 2\n", "text between rows"), Contains(at_line("bad.txt", 2)));
    CHECK_THAT(fails("20 1\n30 2\n25 3\n", "decreasing"), Contains(at_line("bad.txt", 3)));
    CHECK_THAT(fails("20 1\n30 2\n30 3\n", "duplicate"), Contains("does not increase"));
    CHECK_THAT(fails("20 1\n30 inf\n", "infinite"), Contains("not a finite number"));
    CHECK_THAT(fails("20 nan\n", "nan"), Contains(at_line("bad.txt", 1)));
    CHECK_THAT(fails("20 1\n30 1e999\n", "overflow"), Contains("not a finite number"));
    CHECK_THAT(fails("-20 1\n30 1\n", "negative frequency"), Contains("negative"));
    CHECK_THAT(fails("20 1e5\n", "absurd level"), Contains("outside"));
    CHECK_THAT(fails("20\n30\n", "one column"), Contains("1 column"));
    CHECK_THAT(fails(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "binary"), Contains("NUL"));
    CHECK_THAT(fails("frequency,h2_db,h3_db\n20,1,2\n", "several levels"), Contains("pick one with --column"));
    CHECK_THAT(fails("frequency,x,y\n20,1,2\n", "no level column"), Contains("no level column"));
    std::string huge(5'000'000, '7');
    CHECK_THAT(fails("20 1\n30 " + huge + "\n", "huge line"), Contains("..."));
    std::string many = "20";
    for (int i = 0; i < 100; ++i) many += " 1";
    CHECK_THAT(fails(many, "too many columns"), Contains("columns"));
}

TEST_CASE("file names, format names and extensions", "[io][formats]") {
    using F = io::response_format;
    CHECK(io::format_from_extension("x/Some IEM L.txt") == F::squig);
    CHECK(io::format_from_extension("Some IEM R3.txt") == F::squig);
    CHECK(io::format_from_extension("Harman Target.txt") == F::squig);
    CHECK(io::format_from_extension("measurement.TXT") == F::rew);
    CHECK(io::format_from_extension("a.csv") == F::csv);
    CHECK(io::format_from_extension("a.frd") == F::frd);
    CHECK(io::format_from_extension("a.zma") == F::zma);
    CHECK_THROWS_WITH(io::format_from_extension("a.wav"), Contains("a.wav") && Contains(".frd"));
    for (auto name : {"rew", "squig", "autoeq", "frd", "zma", "csv"}) CHECK(io::to_string(io::parse_format_name(name)) == name);
    CHECK_THROWS_WITH(io::parse_format_name("mp3", "--to"), Contains("--to") && Contains("'mp3'"));

    const fs::path here = fs::temp_directory_path();
    CHECK_THROWS_WITH(io::read_response(here / "no such file.txt"),
                      Contains("no such file.txt") && Contains("does not exist"));
    CHECK_THROWS_WITH(io::read_response(here), Contains("directory"));
    CHECK_THROWS_WITH(io::format_response(frequency_response{}, F::rew), Contains("empty"));
}

TEST_CASE("write_response is atomic", "[io][formats]") {
    const fs::path dir = fs::temp_directory_path() / "iemlab-formats-test";
    fs::create_directories(dir);
    const fs::path out = dir / "x L.txt";
    const frequency_response r({100, 1000}, {1, 2});
    io::write_response(out, r, io::format_from_extension(out));
    CHECK(io::read_response(out).size() == 480);
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "x L.txt"); // no temporary left
    CHECK_THROWS_AS(io::write_response(dir / "missing-dir" / "y.csv", r, io::response_format::csv), file_error);
    fs::remove_all(dir);
}

TEST_CASE("mutated real files: every parser either succeeds or throws iemlab::error",
          "[io][formats][robustness][data]") {
    IEMLAB_REQUIRE_DATA();
    // Deterministic mutation fuzzing (fixed seed): byte flips, insertions of delimiters/signs/junk, truncation and
    // line duplication on real files. A parse must give a valid response or an iemlab::error (file:line: why);
    // any other exception, a crash or a hang fails the test. The fuzzing engineer's libFuzzer targets go further.
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    const auto next = [&state] { // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 0x2545F4914F6CDD1Du;
    };
    static constexpr char raw_alphabet[] = "0123456789.,;\t -+eE*#\"\r\nabcxyz\x00\xff\xc0\x80";
    const std::string alphabet(raw_alphabet, sizeof raw_alphabet - 1); // keeps the NUL
    std::size_t parsed = 0, rejected = 0;
    const auto files = real_response_files();
    for (int round = 0; round < 600; ++round) {
        std::string text = slurp(files[next() % files.size()]);
        const int edits = 1 + int(next() % 6);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = next() % text.size();
            switch (next() % 5) {
            case 0: text[at] = alphabet[next() % alphabet.size()]; break;
            case 1: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
            case 2: text.resize(at); break;
            case 3: text.erase(at, std::min<std::size_t>(text.size() - at, next() % 40)); break;
            default: {
                const auto line_start = text.rfind('\n', at);
                const auto from = line_start == std::string::npos ? 0 : line_start + 1;
                text.insert(from, text.substr(from, std::min<std::size_t>(60, text.size() - from)));
            }
            }
        }
        for (auto format : {std::optional<io::response_format>{}, std::optional(io::response_format::zma)}) {
            try {
                const auto r = io::parse_response(text, "fuzz.txt", format);
                REQUIRE(is_valid_grid(r.frequencies()));
                for (double v : r.magnitude_db()) REQUIRE(std::isfinite(v));
                for (auto f : {io::response_format::rew, io::response_format::squig, io::response_format::csv})
                    REQUIRE_FALSE(io::format_response(r, f).empty());
                ++parsed;
            } catch (const iemlab::error& e) {
                REQUIRE(std::string(e.what()).rfind("fuzz.txt:", 0) == 0);
                ++rejected;
            }
        }
    }
    CHECK(parsed > 50);   // mutations that keep the table valid still parse
    CHECK(rejected > 50); // and damaged ones are rejected
}

TEST_CASE("iemlab reads its own tables: level columns by name, --column, kHz, descending", "[io][formats]") {
    // measure's table (app/measurement_report.hpp): frequency, per channel level + statistics, combined_db.
    const std::string measured = "frequency,left_db,left_min_db,left_max_db,left_std_db,right_db,right_min_db,"
                                 "right_max_db,right_std_db,combined_db,target_db,error_db\n"
                                 "100,81,80,82,0.5,71,70,72,0.5,76,70,6\n1000,85,84,86,0.5,75,74,76,0.5,80,80,0\n";
    const auto combined = io::parse_response(measured, "m.csv");
    CHECK(combined.magnitude_db() == std::vector<double>{76, 80}); // combined_db among several levels
    CHECK(io::parse_response(measured, "m.csv", {}, "RIGHT_DB").magnitude_db() == std::vector<double>{71, 75});
    CHECK_THROWS_WITH(io::parse_response(measured, "m.csv", {}, "mid_db"),
                      Contains("no column 'mid_db'") && Contains("left_db, left_min_db"));
    const std::string insertions = "frequency,left_1_db,left_2_db\n100,1,2\n1000,3,4\n";
    CHECK_THROWS_WITH(io::parse_response(insertions, "i.csv"), Contains("left_1_db, left_2_db") && Contains("--column"));
    const std::string one = "frequency,left_db,left_min_db,left_max_db,left_std_db\n100,1,0,2,0.1\n1000,3,2,4,0.1\n";
    CHECK(io::parse_response(one, "one.csv").magnitude_db() == std::vector<double>{1, 3}); // the one level
    CHECK_THROWS_WITH(io::parse_response("frequency,left_thd_percent\n100,1\n1000,2\n", "t.csv"), Contains("--kind thd"));
    // kHz columns are scaled to Hz (1 and 10 kHz are exact products).
    const auto khz = io::parse_response("freq_khz,spl_db\n1,1\n10,2\n", "k.csv");
    CHECK(khz.frequencies() == std::vector<double>{1000, 10000});
    // A strictly descending table is the same response, read bottom-up; phase follows its rows.
    const auto down = io::parse_response("20000 3 30\n1000 2 20\n20 1 10\n", "d.txt");
    CHECK(down.frequencies() == std::vector<double>{20, 1000, 20000});
    CHECK(down.magnitude_db() == std::vector<double>{1, 2, 3});
    CHECK(down.phase_deg() == std::vector<double>{10, 20, 30});
}
