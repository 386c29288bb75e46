// Audio files through libsndfile: the third-party files in IEMLAB_DATA/sweeps (facts from its SOURCES.md) and
// round trips of every format with the comment metadata.
#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/io/audio_file.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {
const std::filesystem::path sweeps = test::data_dir() / "sweeps";

double peak_dbfs(const io::audio_clip<double>& clip) {
    double peak = 0;
    for (const auto& ch : clip.channels)
        for (double v : ch) peak = std::max(peak, std::abs(v));
    return 20 * std::log10(peak);
}
} // namespace

TEST_CASE("the third-party sweep files read as SOURCES.md describes them", "[io][audio][data]") {
    IEMLAB_REQUIRE_DATA();
    const auto sweep = io::read_audio<double>(sweeps / "sweep.wav");
    CHECK(sweep.rate_hz == 44100);
    CHECK(sweep.channels.size() == 2);
    CHECK(sweep.frames() == 176386);
    CHECK(sweep.format == io::sample_format::pcm16);
    CHECK(peak_dbfs(sweep) == Approx(-9.0).margin(0.05));
    std::size_t first = 0;
    while (sweep.channels[0][first] == 0) ++first;
    CHECK(first == 35);

    const auto response = io::read_audio<float>(sweeps / "studio_sweep.wav");
    CHECK(response.frames() == 197064);
    CHECK(response.channels.size() == 2);

    const auto click = io::read_audio<double>(sweeps / "click.wav");
    REQUIRE(click.frames() == 3);
    CHECK(20 * std::log10(std::abs(click.channels[0][1])) == Approx(-1.0).margin(0.01));
    const auto studio_click = io::read_audio<double>(sweeps / "studio_click.wav");
    CHECK(studio_click.frames() == 45354);
    CHECK(peak_dbfs(studio_click) == Approx(-7.0).margin(0.05));

    const auto flac = io::read_audio<double>(sweeps / "studio_sweep_deconvolved.flac");
    CHECK(flac.frames() == 39396);
    CHECK(flac.format == io::sample_format::pcm24);
    CHECK(flac.rate_hz == 44100);
}

TEST_CASE("audio round trips keep samples to the format's resolution and the comment", "[io][audio]") {
    const auto dir = std::filesystem::temp_directory_path() / "iemlab-test-audio";
    std::filesystem::create_directories(dir);
    io::audio_clip<double> clip;
    clip.rate_hz = 48000;
    for (int c = 0; c < 3; ++c) {
        aligned_buffer<double> ch(1000);
        for (std::size_t n = 0; n < ch.size(); ++n) ch[n] = 0.9 * std::sin(0.01 * double(n) * (c + 1));
        clip.channels.push_back(ch);
    }
    clip.comment = "iemlab-sweep type=synchronized f1=20";
    struct case_ {
        const char* name;
        io::sample_format format;
        double tolerance;
    };
    for (const auto& [name, format, tolerance] :
         {case_{"a.wav", io::sample_format::pcm16, 1.0 / 32768}, case_{"b.wav", io::sample_format::pcm24, 1.0 / 8388608},
          case_{"c.wav", io::sample_format::pcm32, 1e-9}, case_{"d.wav", io::sample_format::float32, 6e-8},
          case_{"e.flac", io::sample_format::pcm24, 1.0 / 8388608}, case_{"f.aiff", io::sample_format::pcm16, 1.0 / 32768},
          case_{"g.aiff", io::sample_format::float32, 6e-8}}) {
        CAPTURE(name);
        clip.format = format;
        io::write_audio(dir / name, clip);
        const auto back = io::read_audio<double>(dir / name);
        REQUIRE(back.channels.size() == 3);
        REQUIRE(back.frames() == 1000);
        CHECK(back.rate_hz == 48000);
        CHECK(back.format == format);
        CHECK(back.comment == clip.comment);
        double worst = 0;
        for (int c = 0; c < 3; ++c)
            for (std::size_t n = 0; n < 1000; ++n) worst = std::max(worst, std::abs(back.channels[c][n] - clip.channels[c][n]));
        CHECK(worst <= tolerance);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("bad audio files and data give errors naming the problem", "[io][audio]") {
    CHECK_THROWS_WITH(io::read_audio<float>("/nonexistent/x.wav"), Contains("/nonexistent/x.wav"));
    const auto dir = std::filesystem::temp_directory_path() / "iemlab-test-audio-bad";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "notes.wav") << "# Not audio\nA text file with a .wav name.\n";
    CHECK_THROWS_WITH(io::read_audio<float>(dir / "notes.wav"), Contains("notes.wav") && Contains("cannot be read"));
    io::audio_clip<float> clip;
    clip.channels.emplace_back(10);
    clip.channels[0][3] = std::nanf("");
    CHECK_THROWS_WITH(io::write_audio(dir / "nan.wav", clip), Contains("sample 3"));
    CHECK_FALSE(std::filesystem::exists(dir / "nan.wav"));
    clip.channels[0][3] = 0;
    clip.format = io::sample_format::float32;
    CHECK_THROWS_WITH(io::write_audio(dir / "x.flac", clip), Contains("FLAC"));
    CHECK_THROWS_WITH(io::write_audio(dir / "x.mp3", clip), Contains("extension"));
    CHECK_THROWS_WITH(io::write_audio("/nonexistent-dir/x.wav", clip), Contains("/nonexistent-dir/x.wav"));
    CHECK_FALSE(std::filesystem::exists("/nonexistent-dir/x.wav.partial"));
    // Files that libsndfile writes happily but that hold nothing usable.
    {
        SF_INFO info{};
        info.samplerate = 48000;
        info.channels = 1;
        info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
        SNDFILE* f = sf_open((dir / "nan.wav").string().c_str(), SFM_WRITE, &info);
        REQUIRE(f != nullptr);
        const float samples[4] = {0.1f, std::nanf(""), 0.2f, 0.3f};
        sf_writef_float(f, samples, 4);
        sf_close(f);
        CHECK_THROWS_WITH(io::read_audio<float>(dir / "nan.wav"), Contains("sample 1") && Contains("not finite"));
        f = sf_open((dir / "empty.wav").string().c_str(), SFM_WRITE, &info);
        REQUIRE(f != nullptr);
        sf_close(f);
        CHECK_THROWS_WITH(io::read_audio<float>(dir / "empty.wav"), Contains("empty.wav") && Contains("no samples"));
    }
    std::filesystem::remove_all(dir);
}
#endif
