#pragma once
/// @file
/// @brief The manifest of an output folder: the files one run of `iemlab measure` wrote, so that a re-run into
/// the same folder removes its own earlier files (those it does not write again) and never anything else.

#include "iemlab/core/error.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/version.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <vector>

namespace iemlab::inline v0::app {

/// Name of the manifest file in an output folder.
inline constexpr const char* manifest_file_name = "iemlab-manifest.txt";

/// One run's writes into an output folder. Construct it before writing (it notes the folder's regular files, their
/// modification times and the previous manifest), write the files, then call finish(): the files new or
/// modified since are this run's; it writes them to the manifest and removes the previous manifest's files that
/// this run did not write again. Files the previous manifest does not list (the user's own) are never touched;
/// only plain names in the folder itself are considered.
class output_folder_run {
public:
    /// Notes the state of `directory` (which must exist) before the run writes into it.
    explicit output_folder_run(std::filesystem::path directory) : directory_(std::move(directory)) {
        namespace fs = std::filesystem;
        std::error_code ec;
        for (fs::directory_iterator it(directory_, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec)) before_[it->path().filename().string()] = it->last_write_time(ec);
        std::ifstream in(directory_ / manifest_file_name);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#' && line.find('/') == std::string::npos && line != ".." && line != ".")
                previous_.insert(line);
    }

    /// Writes the manifest of this run's files and removes the previous run's files not written again. Only
    /// files this run can have written are claimed: those named in `names` or starting with one of `stems`
    /// followed by a space or a dot (a file another program saves in the folder meanwhile is never claimed).
    /// Returns the names removed. @throws iemlab::file_error when the manifest cannot be written.
    std::vector<std::string> finish(const std::vector<std::string>& stems, const std::vector<std::string>& names) {
        const auto ours = [&](const std::string& name) {
            if (std::find(names.begin(), names.end(), name) != names.end()) return true;
            for (const auto& s : stems)
                if (name.size() > s.size() && name.compare(0, s.size(), s) == 0 && (name[s.size()] == ' ' || name[s.size()] == '.'))
                    return true;
            return false;
        };
        namespace fs = std::filesystem;
        std::set<std::string> written;
        std::error_code ec;
        for (fs::directory_iterator it(directory_, ec), end; !ec && it != end; it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;
            const std::string name = it->path().filename().string();
            if (name == manifest_file_name || !ours(name)) continue;
            const auto was = before_.find(name);
            if (was == before_.end() || was->second != it->last_write_time(ec)) written.insert(name);
        }
        std::vector<std::string> removed;
        for (const auto& name : previous_) {
            if (written.count(name) || name == manifest_file_name) continue;
            const fs::path p = directory_ / name;
            if (fs::is_regular_file(fs::symlink_status(p, ec)) && fs::remove(p, ec)) removed.push_back(name);
        }
        io::write_file_atomically(directory_ / manifest_file_name, [&](std::ostream& os) {
            os << "# Files written by iemlab " << version_string
               << " into this folder; a re-run removes those it does not write again.\n";
            for (const auto& name : written) os << name << '\n';
        });
        return removed;
    }

private:
    std::filesystem::path directory_;
    std::map<std::string, std::filesystem::file_time_type> before_;
    std::set<std::string> previous_;
};

} // namespace iemlab::inline v0::app
