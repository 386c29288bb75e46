#pragma once
/// @file
/// @brief Several responses scored against one target and ranked best first, printed as AutoEq's RANKING.md
/// (markdown), CSV or JSON: `iemlab score A B C --target T`.

#include "iemlab/app/measurement_report.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/measure/target.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace iemlab::inline v0::app {

/// One response's score, named for the ranking.
struct ranked_score {
    std::string name;                ///< the response's name (file stem)
    measure::preference_score score; ///< its score and the score's parts
};

/// Layout of a ranking.
enum class ranking_style {
    markdown, ///< a markdown table as AutoEq's RANKING.md: rank, name, score, STD, slope, mean
    csv,      ///< `rank,name,score,std_db,slope,mean_db`
    json      ///< an array of {"rank","name","score","std","slope","mean"}
};

/// Sorts `scores` best first (higher score first; equal scores keep their order).
inline void rank_scores(std::vector<ranked_score>& scores) {
    std::stable_sort(scores.begin(), scores.end(),
                     [](const ranked_score& a, const ranked_score& b) { return a.score.score > b.score.score; });
}

/// The ranking as text, in the given order (call rank_scores() first). Scores and parts with two decimals (as
/// AutoEq prints them) in markdown and CSV; JSON keeps full precision.
inline std::string ranking_text(const std::vector<ranked_score>& scores, ranking_style style) {
    std::string s;
    char line[512];
    const auto csv_field = [](const std::string& v) {
        if (v.find_first_of(",\"\n") == std::string::npos) return v;
        std::string q = "\"";
        for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    switch (style) {
    case ranking_style::markdown:
        s += "| rank | name | score | STD (dB) | slope | mean (dB) |\n|---:|:---|---:|---:|---:|---:|\n";
        for (std::size_t i = 0; i < scores.size(); ++i) {
            std::string name = scores[i].name;
            for (std::size_t p = 0; (p = name.find('|', p)) != std::string::npos; p += 2) name.replace(p, 1, "\\|");
            const auto& x = scores[i].score;
            std::snprintf(line, sizeof line, "| %zu | %s | %.2f | %.2f | %.2f | %.2f |\n", i + 1, name.c_str(), x.score,
                          x.std_db, x.slope, x.mean_db);
            s += line;
        }
        return s;
    case ranking_style::csv:
        s += "rank,name,score,std_db,slope,mean_db\n";
        for (std::size_t i = 0; i < scores.size(); ++i) {
            const auto& x = scores[i].score;
            std::snprintf(line, sizeof line, ",%.2f,%.2f,%.2f,%.2f\n", x.score, x.std_db, x.slope, x.mean_db);
            s += std::to_string(i + 1) + "," + csv_field(scores[i].name) + line;
        }
        return s;
    case ranking_style::json:
        s += "[";
        for (std::size_t i = 0; i < scores.size(); ++i) {
            const auto& x = scores[i].score;
            s += (i ? ",\n {" : "{");
            s += "\"rank\":" + std::to_string(i + 1) + ",\"name\":" + detail::json_string(scores[i].name) +
                 ",\"score\":" + format_number(x.score) + ",\"std\":" + format_number(x.std_db) +
                 ",\"slope\":" + format_number(x.slope) + ",\"mean\":" + format_number(x.mean_db) + "}";
        }
        s += "]\n";
        return s;
    }
    throw_invalid("ranking_text", "style", "unknown style");
}

} // namespace iemlab::inline v0::app
