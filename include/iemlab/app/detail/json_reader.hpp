#pragma once
/// @file
/// @brief Strict reading of the JSON configurations (IEM.json, rig.json): one way to parse the text, reject an
/// unknown key, read a typed value and report a problem as "file: key.path: why". Ranges are not checked here:
/// a reader maps keys to the fields of a domain object and lets the object's own validation judge the values;
/// json_reader::report_at() names the key the user wrote when that validation rejects a field.

#include "iemlab/core/error.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::app::detail {

using json = nlohmann::json;

/// A domain parameter name (as its validate() names it) and the configuration key that sets it.
struct parameter_key {
    std::string_view parameter; ///< e.g. "adc.gain"
    std::string key;            ///< e.g. "adc.gain_db"
};

/// Reads one JSON configuration strictly; every problem is an iemlab::file_error naming the file and the key.
class json_reader {
public:
    /// A reader for the configuration `source` (its name in messages); relative file names inside it are taken
    /// relative to `base`.
    json_reader(std::string source, std::filesystem::path base) : source_(std::move(source)), base_(std::move(base)) {}

    /// Parses the configuration's text.
    json parse(std::string_view text) const {
        try {
            return json::parse(text.begin(), text.end());
        } catch (const json::parse_error& e) {
            const std::string what = e.what();
            const auto colon = what.find("]: ");
            fail("", "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 3)));
        } catch (const json::exception& e) { // e.g. out_of_range 406: a number beyond double's range
            fail("", std::string("not valid JSON: ") + e.what());
        }
    }

    /// Throws "source: path: why" (path empty: the top level).
    [[noreturn]] void fail(const std::string& path, const std::string& why) const {
        throw file_error(source_, 0, (path.empty() ? std::string("top level") : path) + ": " + why);
    }

    /// Requires an object whose keys are all in `keys`.
    void only(const json& j, const std::string& path, std::initializer_list<std::string_view> keys) const {
        if (!j.is_object()) fail(path, "must be an object");
        for (const auto& [key, value] : j.items()) {
            bool known = false;
            for (const auto k : keys) known = known || k == key;
            if (!known) {
                std::string list;
                for (const auto k : keys) list.append(list.empty() ? "" : ", ").append(k);
                fail(path, "unknown key " + ::iemlab::detail::excerpt(key, 40) + " (expected one of " + list + ")");
            }
        }
    }

    /// "path.key" (or "key" at the top level).
    static std::string at(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
    /// "path[i]".
    static std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

    /// A finite number, or `fallback` when the key is absent.
    double number(const json& j, const std::string& path, std::string_view key, double fallback) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (!v.is_number()) fail(at(path, key), "must be a number");
        const double x = v.get<double>();
        if (!std::isfinite(x)) fail(at(path, key), "must be finite");
        return x;
    }

    /// A number in SI units, or a string with a unit read by `parse` (e.g. parse_length: "8mm").
    template <class Parse>
    double quantity(const json& j, const std::string& path, std::string_view key, double fallback, Parse parse,
                    std::string_view expected) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (v.is_number()) return number(j, path, key, fallback);
        if (!v.is_string()) fail(at(path, key), "must be " + std::string(expected));
        try {
            return parse(v.get<std::string>());
        } catch (const error& e) {
            fail(at(path, key), e.what());
        }
    }

    /// A whole number 0 … 2^53, or `fallback` when absent.
    std::uint64_t whole(const json& j, const std::string& path, std::string_view key, std::uint64_t fallback) const {
        if (!j.contains(key)) return fallback;
        const double x = number(j, path, key, 0);
        if (!(x >= 0 && x <= 9007199254740992.0) || x != std::floor(x))
            fail(at(path, key), format_number(x) + " is not a whole number 0 … 2^53");
        return static_cast<std::uint64_t>(x);
    }

    /// A string, or `fallback` when absent.
    std::string text(const json& j, const std::string& path, std::string_view key, std::string fallback) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (!v.is_string()) fail(at(path, key), "must be a string");
        return v.get<std::string>();
    }

    /// true or false, or `fallback` when absent.
    bool flag(const json& j, const std::string& path, std::string_view key, bool fallback) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (!v.is_boolean()) fail(at(path, key), "must be true or false");
        return v.get<bool>();
    }

    /// [min, max] or a single number (both ends equal), or `fallback` when absent.
    std::pair<double, double> range(const json& j, const std::string& path, std::string_view key,
                                    std::pair<double, double> fallback) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (v.is_number()) {
            const double x = number(j, path, key, 0);
            return {x, x};
        }
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
            fail(at(path, key), "must be a number or [min, max]");
        const double a = v[0].get<double>(), b = v[1].get<double>();
        if (!std::isfinite(a) || !std::isfinite(b)) fail(at(path, key), "must be finite");
        return {a, b};
    }

    /// An existing file named relative to the configuration's folder.
    std::filesystem::path file(const std::string& name, const std::string& path) const {
        std::filesystem::path p(name);
        if (p.is_relative()) p = base_ / p;
        if (!std::filesystem::is_regular_file(p)) fail(path, "file '" + p.string() + "' does not exist");
        return p;
    }

    /// Runs `body` (typically a domain object's validate()); when it rejects a parameter listed in `keys`, the
    /// error is reported at the key that set it, otherwise at `path`. Errors that already name a file pass.
    template <class Body>
    void report_at(const std::string& path, std::initializer_list<parameter_key> keys, Body&& body) const {
        try {
            body();
        } catch (const file_error&) {
            throw;
        } catch (const error& e) {
            for (const auto& k : keys)
                if (k.parameter == e.parameter()) fail(k.key, e.what());
            fail(path, e.what());
        }
    }

    /// Notes a deprecated key (reported once per key name through deprecations()).
    void deprecated(const std::string& path, std::string_view old_key, std::string_view new_key) {
        const std::string note = "'" + std::string(old_key) + "' is deprecated and will be removed in 0.2: write '" +
                                 std::string(new_key) + "' (first at " + path + ")";
        if (seen_.insert(std::string(old_key)).second) deprecations_.push_back(source_ + ": " + note);
    }
    /// Adds a note collected elsewhere (e.g. from an IEM file this configuration names).
    void note(std::string line) {
        if (seen_.insert(line).second) deprecations_.push_back(std::move(line));
    }
    /// The deprecation notes collected so far.
    const std::vector<std::string>& deprecations() const noexcept { return deprecations_; }

    /// The configuration's name in messages.
    const std::string& source() const noexcept { return source_; }
    /// The folder relative file names are taken from.
    const std::filesystem::path& base() const noexcept { return base_; }

private:
    std::string source_;
    std::filesystem::path base_;
    std::set<std::string> seen_;
    std::vector<std::string> deprecations_;
};

} // namespace iemlab::inline v0::app::detail
