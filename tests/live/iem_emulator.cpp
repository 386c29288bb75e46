// An IEM on a coupler, emulated as a JACK client for the live-measurement tests, and the closed forms the tests
// compare iemlab's output with. Independent of iemlab: only libjack and the standard library.
//
// The emulator is a Hammerstein system: y = L[x + a2·x² + a3·x³], with L an RBJ peaking biquad (Bristow-Johnson,
// "Cookbook formulae for audio EQ biquad filter coefficients": f0 = 1.5 kHz, +8 dB, Q = 1). For x = A·sin φ the
// polynomial gives the fundamental A·(1 + 3·a3·A²/4), the second harmonic a2·A²/2 and the third a3·A³/4 (power
// reduction identities), each then filtered by L at its own frequency. So the measured linear response is
// |L(f)|·(1 + 3·a3·A²/4) (0 dB = unity), and THD_F(f) = √((a2A²/2·|L(2f)|)² + (a3A³/4·|L(3f)|)²) / (A·(1 +
// 3a3A²/4)·|L(f)|).
//
//   iem_emulator run SERVER [--stall-after SECONDS]   JACK client "emulator" with ports in and out, and ref (a copy
//                                                      of in: a loopback reference); with
//                                                      --stall-after, the process callback sleeps for three periods
//                                                      once, after that many seconds of signal (an xrun)
//   iem_emulator check-response CSV RATE A TOL_DB F_LO F_HI   column 2 of CSV (dB) against |L|·(1+3a3A²/4)
//   iem_emulator check-thd CSV RATE A TOL_DB F_LO F_HI        column 2 of CSV (THD %) against the closed form
#include <jack/jack.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <complex>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numbers>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr double a2 = 0.05, a3 = 0.1;
constexpr double f0 = 1500, gain_db = 8, q = 1;

struct biquad {
    double b0, b1, b2, a1, a2; // normalised by a0
    static biquad peaking(double rate) {
        const double A = std::pow(10.0, gain_db / 40), w0 = 2 * std::numbers::pi * f0 / rate;
        const double alpha = std::sin(w0) / (2 * q), c = std::cos(w0);
        const double a0 = 1 + alpha / A;
        return {(1 + alpha * A) / a0, -2 * c / a0, (1 - alpha * A) / a0, -2 * c / a0, (1 - alpha / A) / a0};
    }
    double magnitude(double f, double rate) const {
        const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f / rate), z2 = z1 * z1;
        return std::abs((b0 + b1 * z1 + b2 * z2) / (1.0 + a1 * z1 + a2 * z2));
    }
};

std::atomic<bool> stop{false};
void on_signal(int) { stop.store(true); }

struct emulator {
    jack_client_t* client = nullptr;
    jack_port_t* in = nullptr;
    jack_port_t* out = nullptr;
    jack_port_t* ref = nullptr;
    biquad f{};
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    double stall_after_s = -1;
    double signal_frames = 0;
    bool stalled = false;
    double rate = 48000;
};

int process(jack_nframes_t n, void* arg) {
    auto& e = *static_cast<emulator*>(arg);
    const auto* x = static_cast<const float*>(jack_port_get_buffer(e.in, n));
    auto* y = static_cast<float*>(jack_port_get_buffer(e.out, n));
    std::memcpy(jack_port_get_buffer(e.ref, n), x, n * sizeof(float));
    bool signal = false;
    for (jack_nframes_t k = 0; k < n; ++k) {
        const double v = x[k];
        signal = signal || v != 0;
        const double u = v + a2 * v * v + a3 * v * v * v;
        const double w = e.f.b0 * u + e.f.b1 * e.x1 + e.f.b2 * e.x2 - e.f.a1 * e.y1 - e.f.a2 * e.y2;
        e.x2 = e.x1, e.x1 = u, e.y2 = e.y1, e.y1 = w;
        y[k] = static_cast<float>(w);
    }
    if (signal) e.signal_frames += n;
    if (e.stall_after_s >= 0 && !e.stalled && e.signal_frames >= e.stall_after_s * e.rate) {
        e.stalled = true; // one stall: the graph misses its deadline, the server reports an xrun
        std::this_thread::sleep_for(std::chrono::duration<double>(3.0 * n / e.rate));
    }
    return 0;
}

int run(const std::string& server, double stall_after_s) {
    emulator e;
    jack_status_t status{};
    e.client =
        jack_client_open("emulator", static_cast<jack_options_t>(JackNoStartServer | JackServerName | JackUseExactName),
                         &status, server.c_str());
    if (!e.client) {
        std::cerr << "iem_emulator: cannot open a client on JACK server '" << server << "'\n";
        return 1;
    }
    e.rate = jack_get_sample_rate(e.client);
    e.f = biquad::peaking(e.rate);
    e.stall_after_s = stall_after_s;
    e.in = jack_port_register(e.client, "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    e.out = jack_port_register(e.client, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    e.ref = jack_port_register(e.client, "ref", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    if (!e.in || !e.out || !e.ref || jack_set_process_callback(e.client, process, &e) != 0 ||
        jack_activate(e.client) != 0) {
        std::cerr << "iem_emulator: cannot set up the client\n";
        jack_client_close(e.client);
        return 1;
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::cout << "emulator running at " << e.rate << " Hz" << std::endl;
    while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    jack_deactivate(e.client);
    jack_client_close(e.client);
    return 0;
}

// Rows (frequency, value in column 2) of a CSV with a header line.
std::vector<std::pair<double, double>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::vector<std::pair<double, double>> rows;
    if (!std::getline(in, line)) return rows;
    while (std::getline(in, line)) {
        std::stringstream s(line);
        std::string f, v;
        if (std::getline(s, f, ',') && std::getline(s, v, ',') && !v.empty())
            rows.emplace_back(std::stod(f), std::stod(v));
    }
    return rows;
}

int check(bool thd, const std::string& path, double rate, double A, double tol_db, double f_lo, double f_hi) {
    const biquad L = biquad::peaking(rate);
    const double compression = 1 + 3 * a3 * A * A / 4;
    double worst = 0, worst_f = 0;
    std::size_t n = 0;
    for (const auto& [f, v] : read_csv(path)) {
        if (f < f_lo || f > f_hi) continue;
        double expected_db = 0, measured_db = 0;
        if (!thd) {
            expected_db = 20 * std::log10(L.magnitude(f, rate) * compression);
            measured_db = v;
        } else {
            const double h2 = a2 * A * A / 2 * L.magnitude(2 * f, rate),
                         h3 = a3 * A * A * A / 4 * L.magnitude(3 * f, rate);
            expected_db = 20 * std::log10(std::hypot(h2, h3) / (A * compression * L.magnitude(f, rate)));
            if (!(v > 0)) {
                std::cout << "THD " << v << " % at " << f << " Hz is not positive\n";
                return 1;
            }
            measured_db = 20 * std::log10(v / 100);
        }
        const double e = measured_db - expected_db;
        if (std::fabs(e) > std::fabs(worst)) worst = e, worst_f = f;
        ++n;
    }
    if (n < 20) {
        std::cout << path << ": only " << n << " rows in " << f_lo << " … " << f_hi << " Hz\n";
        return 1;
    }
    std::cout << (thd ? "THD" : "response") << " error over " << n << " points " << f_lo << " … " << f_hi
              << " Hz: largest " << worst << " dB at " << worst_f << " Hz (tolerance " << tol_db << " dB)\n";
    return std::fabs(worst) <= tol_db ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() >= 2 && a[0] == "run") {
        double stall = -1;
        if (a.size() == 4 && a[2] == "--stall-after") stall = std::stod(a[3]);
        return run(a[1], stall);
    }
    if (a.size() == 7 && (a[0] == "check-response" || a[0] == "check-thd"))
        return check(a[0] == "check-thd", a[1], std::stod(a[2]), std::stod(a[3]), std::stod(a[4]), std::stod(a[5]),
                     std::stod(a[6]));
    std::cerr
        << "usage: iem_emulator run SERVER [--stall-after S] | check-response|check-thd CSV RATE A TOL_DB F_LO F_HI\n";
    return 2;
}
