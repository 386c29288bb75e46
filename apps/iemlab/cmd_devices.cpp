// `iemlab devices`: the audio backends this build has, and the clients and ports of the running JACK server.
// Parsing and printing only; the listing is audio/jack_device.hpp.
#include "command.hpp"

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#if defined(IEMLAB_HAVE_JACK)
#include <iemlab/audio/jack_device.hpp>
#endif

namespace iemlab::cli {
namespace {

void add_devices(CLI::App& root, const global_options&) {
    auto server = std::make_shared<std::string>();
    auto* cmd =
        root.add_subcommand("devices", "List audio backends, and the JACK server's sample rate, clients and ports "
                                       "(for measure --live --play/--record)");
    cmd->add_option("--server", *server, "JACK server name (default: $JACK_DEFAULT_SERVER, else 'default')");
    cmd->callback([server] {
#if defined(IEMLAB_HAVE_JACK)
        const auto info = audio::query_jack_server(*server);
        std::cout << "backends: jack\n";
        std::cout << "jack server '" << info.server_name << "': " << info.rate_hz << " Hz, " << info.period_frames
                  << " frames per period\n";
        std::map<std::string, std::vector<const audio::jack_port_info*>> clients;
        std::vector<std::string> order;
        for (const auto& p : info.ports) {
            if (!clients.count(p.client)) order.push_back(p.client);
            clients[p.client].push_back(&p);
        }
        for (const auto& name : order) {
            std::cout << "client " << name << '\n';
            for (const auto* p : clients[name])
                std::cout << "  " << p->name << "  "
                          << (p->is_output ? "output (record from it)" : "input (play to it)")
                          << (p->is_physical ? ", physical" : "") << (p->is_audio ? "" : ", not audio")
                          << (p->latency_frames ? ", latency " + std::to_string(p->latency_frames) + " frames" : "")
                          << '\n';
        }
#else
        (void)server;
        std::cout << "backends: none (this iemlab was built without libjack: install libjack-jackd2-dev and rebuild)\n";
#endif
    });
}

const register_command devices_command{"devices", add_devices};

} // namespace
} // namespace iemlab::cli
