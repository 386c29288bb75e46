// SVG plots and the HTML report: well-formed XML (checked by a small strict parser written here, independent of
// the writer), axis labels, curve point counts, pixel positions against the analytic axis mapping.
#include <iemlab/io/html_report.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/io/svg_plot.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <map>
#include <memory>
#include <sstream>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {

// A strict little XML reader: elements, attributes (quoted, unique), the five predefined entities and numeric
// character references, comments, text; rejects mismatched or unclosed tags, '<' or a bare '&' in text, and
// invalid UTF-8. Enough to prove well-formedness of what our writers produce.
struct element {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::vector<std::unique_ptr<element>> children;
    std::string text;
};

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        if (len == 1 && c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
        i += len;
    }
    return true;
}

class xml_reader {
public:
    explicit xml_reader(std::string_view s) : s_(s) {}
    std::unique_ptr<element> document() {
        if (!valid_utf8(s_)) fail("invalid UTF-8");
        skip_misc();
        auto root = parse_element();
        skip_misc();
        if (pos_ != s_.size()) fail("content after the root element");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& why) { throw std::runtime_error("XML: " + why + " at " + std::to_string(pos_)); }
    bool starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }
    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    void skip_misc() {
        for (;;) {
            skip_space();
            if (starts("<!--")) {
                const auto e = s_.find("-->", pos_);
                if (e == std::string_view::npos) fail("unclosed comment");
                pos_ = e + 3;
            } else if (starts("<?")) {
                const auto e = s_.find("?>", pos_);
                if (e == std::string_view::npos) fail("unclosed declaration");
                pos_ = e + 2;
            } else return;
        }
    }
    std::string name() {
        const auto b = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                                    s_[pos_] == '_' || s_[pos_] == ':' || s_[pos_] == '.'))
            ++pos_;
        if (pos_ == b) fail("expected a name");
        return std::string(s_.substr(b, pos_ - b));
    }
    std::string characters(char stop) {
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != stop) {
            if (s_[pos_] == '<') fail("'<' in character data");
            if (s_[pos_] == '&') {
                const auto e = s_.find(';', pos_);
                if (e == std::string_view::npos || e - pos_ > 10) fail("bare '&'");
                const auto ent = s_.substr(pos_ + 1, e - pos_ - 1);
                if (ent == "amp") out += '&';
                else if (ent == "lt") out += '<';
                else if (ent == "gt") out += '>';
                else if (ent == "quot") out += '"';
                else if (ent == "apos") out += '\'';
                else if (ent.size() > 1 && ent[0] == '#') out += '?';
                else fail("unknown entity");
                pos_ = e + 1;
            } else out += s_[pos_++];
        }
        return out;
    }
    std::unique_ptr<element> parse_element() {
        if (!starts("<")) fail("expected '<'");
        ++pos_;
        auto e = std::make_unique<element>();
        e->name = name();
        for (;;) {
            skip_space();
            if (starts("/>")) {
                pos_ += 2;
                return e;
            }
            if (starts(">")) {
                ++pos_;
                break;
            }
            const std::string attribute = name();
            skip_space();
            if (!starts("=")) fail("expected '='");
            ++pos_;
            skip_space();
            if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) fail("unquoted attribute");
            const char q = s_[pos_++];
            std::string value = characters(q);
            if (pos_ >= s_.size()) fail("unterminated attribute");
            ++pos_;
            if (!e->attributes.emplace(attribute, value).second) fail("duplicate attribute " + attribute);
        }
        for (;;) {
            e->text += characters('<');
            if (pos_ >= s_.size()) fail("unclosed element " + e->name);
            if (starts("</")) {
                pos_ += 2;
                if (name() != e->name) fail("mismatched end tag for " + e->name);
                skip_space();
                if (!starts(">")) fail("expected '>'");
                ++pos_;
                return e;
            }
            if (starts("<!--")) {
                const auto end = s_.find("-->", pos_);
                if (end == std::string_view::npos) fail("unclosed comment");
                pos_ = end + 3;
                continue;
            }
            e->children.push_back(parse_element());
        }
    }
    std::string_view s_;
    std::size_t pos_ = 0;
};

void collect(const element& e, const std::string& name, std::vector<const element*>& out) {
    if (e.name == name) out.push_back(&e);
    for (const auto& c : e.children) collect(*c, name, out);
}
std::vector<const element*> find_all(const element& e, const std::string& name) {
    std::vector<const element*> out;
    collect(e, name, out);
    return out;
}
const element* group_with_class(const element& root, const std::string& cls, std::size_t index = 0) {
    std::size_t k = 0;
    for (const auto* g : find_all(root, "g")) {
        const auto it = g->attributes.find("class");
        if (it != g->attributes.end() && it->second == cls && k++ == index) return g;
    }
    return nullptr;
}
std::vector<std::pair<double, double>> points_of(const element& polyline) {
    std::vector<std::pair<double, double>> pts;
    std::istringstream in(polyline.attributes.at("points"));
    double x = 0, y = 0;
    char comma = 0;
    while (in >> x >> comma >> y) pts.emplace_back(x, y);
    return pts;
}

} // namespace

TEST_CASE("frequency response plot: well-formed SVG, axis labels, curves on the analytic log axis",
          "[io][plot][data]") {
    IEMLAB_REQUIRE_DATA();
    const auto er4 = io::read_response(test::data_dir() / "autoeq/Etymotic ER4SR.csv");
    const auto target = io::read_response(test::data_dir() / "autoeq/harman_in-ear_2019v2.csv");
    io::svg_plot plot(io::frequency_response_plot_options("ER4SR & <target>"));
    plot.add_curve(er4).add_target(target, "Harman IE 2019v2");
    const std::string svg = plot.render();
    const auto root = xml_reader(svg).document();
    REQUIRE(root->name == "svg");
    CHECK(root->attributes.at("xmlns") == "http://www.w3.org/2000/svg");

    // Frequency tick labels of a 20 Hz … 20 kHz log axis.
    std::vector<std::string> labels;
    for (const auto* t : find_all(*group_with_class(*root, "x-ticks"), "text")) labels.push_back(t->text);
    CHECK(labels == std::vector<std::string>{"20", "50", "100", "200", "500", "1k", "2k", "5k", "10k", "20k"});
    std::map<std::string, double> tick_x;
    for (const auto* t : find_all(*group_with_class(*root, "x-ticks"), "text")) tick_x[t->text] = std::stod(t->attributes.at("x"));
    // Log axis: equal ratios, equal distances. 100→1k and 1k→10k are one decade each; 20→20k spans 3 decades.
    CHECK(tick_x["1k"] - tick_x["100"] == Approx(tick_x["10k"] - tick_x["1k"]).margin(0.011));
    CHECK(tick_x["20k"] - tick_x["20"] == Approx(3 * (tick_x["1k"] - tick_x["100"])).margin(0.03));
    CHECK(tick_x["200"] - tick_x["100"] == Approx((tick_x["1k"] - tick_x["100"]) * std::log10(2.0)).margin(0.011));

    // One polyline with all 695 points, x strictly increasing, each at the analytic position of its frequency.
    const auto* curve = group_with_class(*root, "curve");
    REQUIRE(curve != nullptr);
    const auto lines = find_all(*curve, "polyline");
    REQUIRE(lines.size() == 1);
    const auto pts = points_of(*lines[0]);
    REQUIRE(pts.size() == er4.size());
    const double decade = tick_x["1k"] - tick_x["100"];
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i) REQUIRE(pts[i].first > pts[i - 1].first);
        // Positions are printed with 2 decimals (±0.005 each): the tick at 20 Hz, the decade (±0.01) times up to
        // 3 decades, and the point itself bound the difference by 0.04.
        REQUIRE(pts[i].first == Approx(tick_x["20"] + decade * std::log10(er4.frequencies()[i] / 20)).margin(0.04));
    }
    // dB axis: the labelled ticks are evenly spaced in value and position.
    std::vector<std::pair<double, double>> yt;
    for (const auto* t : find_all(*group_with_class(*root, "y-ticks"), "text"))
        yt.emplace_back(std::stod(t->text), std::stod(t->attributes.at("y")));
    REQUIRE(yt.size() >= 4);
    const double px_per_db = (yt.front().second - yt.back().second) / (yt.back().first - yt.front().first);
    // The curve's point at 1 kHz-ish (index of 998.46 Hz) sits where its dB value maps.
    const auto k = std::size_t(std::find(er4.frequencies().begin(), er4.frequencies().end(), 998.46) - er4.frequencies().begin());
    CHECK(pts[k].second == Approx(yt.front().second - 4 - (er4.magnitude_db()[k] - yt.front().first) * px_per_db).margin(0.02));
    // The y range covers the data: every point is inside the frame.
    const auto* frame = find_all(*root, "rect")[1];
    const double top = std::stod(frame->attributes.at("y")), bottom = top + std::stod(frame->attributes.at("height"));
    for (const auto& p : pts) REQUIRE((p.second >= top - 1e-9 && p.second <= bottom + 1e-9));

    // Target dashed, legend names both, title escaped and present.
    const auto* tgt = group_with_class(*root, "target");
    REQUIRE(tgt != nullptr);
    CHECK(tgt->attributes.count("stroke-dasharray") == 1);
    CHECK(points_of(*find_all(*tgt, "polyline")[0]).size() == target.size());
    std::vector<std::string> legend;
    for (const auto* t : find_all(*group_with_class(*root, "legend"), "text")) legend.push_back(t->text);
    CHECK(legend == std::vector<std::string>{"Etymotic ER4SR", "Harman IE 2019v2"});
    CHECK_THAT(svg, Contains("ER4SR &amp; &lt;target&gt;"));
    // The legend is outside the data area: its box starts right of the frame, so it hides no curve.
    const auto* legend_box = find_all(*group_with_class(*root, "legend"), "rect")[0];
    CHECK(std::stod(legend_box->attributes.at("x")) >=
          std::stod(frame->attributes.at("x")) + std::stod(frame->attributes.at("width")));
}

TEST_CASE("frequency response plot: a flat curve gets the minimum y span around it", "[io][plot]") {
    io::svg_plot plot(io::frequency_response_plot_options());
    plot.add_curve(frequency_response({20, 1000, 20000}, {85, 85.5, 85}, {}, "flat"));
    const auto root = xml_reader(plot.render()).document();
    std::vector<double> ticks;
    for (const auto* t : find_all(*group_with_class(*root, "y-ticks"), "text")) ticks.push_back(std::stod(t->text));
    REQUIRE(ticks.size() >= 2);
    const auto [lo, hi] = std::minmax_element(ticks.begin(), ticks.end());
    CHECK(*hi - *lo >= 30 - 10); // labelled ticks of a >= 30 dB axis (the end ticks may be unlabelled)
    CHECK(*lo < 85.25 - 10);
    CHECK(*hi > 85.25 + 10);
}

TEST_CASE("spread band, breaks, clipping and decimation", "[io][plot][data]") {
    IEMLAB_REQUIRE_DATA();
    const std::string dir = (test::data_dir() / "autoeq").string() + "/";
    std::vector<frequency_response> rs{io::read_response(dir + "Etymotic ER2SR.csv"),
                                       io::read_response(dir + "Etymotic ER2XR.csv"),
                                       io::read_response(dir + "Etymotic ER4SR.csv")};
    const auto band = io::spread_band(rs);
    // The three files share AutoEq's grid, so at a shared frequency the band is exactly their min and max.
    REQUIRE(band.x.front() == 20.0);
    for (std::size_t i = 0; i < band.x.size(); i += 48) {
        const double f = band.x[i];
        const auto it = std::find_if(rs[0].frequencies().begin(), rs[0].frequencies().end(),
                                     [&](double x) { return std::fabs(x - f) < 1e-9; });
        if (it == rs[0].frequencies().end()) continue; // only 20 Hz lies on both grids exactly
        const auto j = std::size_t(it - rs[0].frequencies().begin());
        CHECK(band.lower[i] == std::min({rs[0].magnitude_db()[j], rs[1].magnitude_db()[j], rs[2].magnitude_db()[j]}));
        CHECK(band.upper[i] == std::max({rs[0].magnitude_db()[j], rs[1].magnitude_db()[j], rs[2].magnitude_db()[j]}));
    }
    // Elsewhere: min and max of the core's own log-frequency lookup (frequency_response::db_at).
    for (std::size_t i = 0; i < band.x.size(); ++i) {
        const double a = rs[0].db_at(band.x[i]), b = rs[1].db_at(band.x[i]), c = rs[2].db_at(band.x[i]);
        REQUIRE(band.lower[i] == Approx(std::min({a, b, c})).margin(1e-9));
        REQUIRE(band.upper[i] == Approx(std::max({a, b, c})).margin(1e-9));
    }
    CHECK_THROWS_WITH(io::spread_band(std::span(rs).first(1)), Contains("at least 2"));

    io::svg_plot plot;
    plot.add_band("spread", band);
    for (const auto& r : rs) plot.add_curve(r);
    const auto root = xml_reader(plot.render()).document();
    REQUIRE(group_with_class(*root, "band") != nullptr);
    CHECK(find_all(*group_with_class(*root, "band"), "polygon").size() == 1);
    CHECK(find_all(*root, "polyline").size() == 3);

    // A curve with a NaN and an excursion far outside a fixed y range: broken at the NaN, clipped at the frame.
    io::plot_options o = io::frequency_response_plot_options();
    o.y.min = -10;
    o.y.max = 10;
    io::svg_plot clipped(o);
    const std::vector<double> f{100, 200, 300, 400, 500, 600, 700};
    const std::vector<double> db{0, 1, std::nan(""), 0, 1e6, 0, 0};
    clipped.add_curve("c", f, db);
    const auto croot = xml_reader(clipped.render()).document();
    const auto polylines = find_all(*group_with_class(*croot, "curve"), "polyline");
    REQUIRE(polylines.size() == 3); // 100–200 | 400–exit | entry–600–700
    const auto* frame = find_all(*croot, "rect")[1];
    const double top = std::stod(frame->attributes.at("y"));
    CHECK(points_of(*polylines[0]).size() == 2);
    CHECK(points_of(*polylines[1]).back().second == Approx(top).margin(0.006));
    CHECK(points_of(*polylines[2]).front().second == Approx(top).margin(0.006));
    CHECK(points_of(*polylines[2]).size() == 3);

    // 2^18 points on a 960-px plot become at most 2 per pixel column, with x never decreasing.
    std::vector<double> fx(1 << 18), fy(1 << 18);
    for (std::size_t i = 0; i < fx.size(); ++i) {
        fx[i] = 20 + (20000.0 - 20) * double(i) / double(fx.size() - 1);
        fy[i] = std::sin(double(i));
    }
    io::svg_plot big;
    big.add_curve("dense", fx, fy);
    const auto broot = xml_reader(big.render()).document();
    const auto bpts = points_of(*find_all(*group_with_class(*broot, "curve"), "polyline")[0]);
    CHECK(bpts.size() <= 2 * 900);
    for (std::size_t i = 1; i < bpts.size(); ++i) REQUIRE(bpts[i].first >= bpts[i - 1].first);
}

TEST_CASE("impedance and distortion plots: log and linear y axes", "[io][plot]") {
    const std::vector<double> f{20, 100, 1000, 10000, 20000};
    const std::vector<double> z{12, 14, 30, 90, 150};
    io::svg_plot zplot(io::impedance_plot_options("BA impedance"));
    zplot.add_curve("Z", f, z);
    const auto root = xml_reader(zplot.render()).document();
    std::vector<std::string> yl;
    for (const auto* t : find_all(*group_with_class(*root, "y-ticks"), "text")) yl.push_back(t->text);
    CHECK(yl == std::vector<std::string>{"10", "20", "50", "100", "200", "500", "1000"});
    CHECK(find_all(*root, "text").back()->text != ""); // legend text present
    bool has_ohm = false;
    for (const auto* t : find_all(*root, "text")) has_ohm = has_ohm || t->text == "Impedance (Ω)";
    CHECK(has_ohm);

    io::svg_plot lin(io::impedance_plot_options("linear", io::axis_scale::linear));
    lin.add_curve("Z", f, z);
    std::vector<std::string> ll;
    const auto lroot = xml_reader(lin.render()).document();
    for (const auto* t : find_all(*group_with_class(*lroot, "y-ticks"), "text")) ll.push_back(t->text);
    CHECK(ll.front() == "0");
    CHECK(ll.back() == "160");

    io::svg_plot thd(io::distortion_plot_options("THD"));
    thd.add_curve("THD", f, std::vector<double>{0.02, 0.05, 0.1, 0.5, 3});
    const auto troot = xml_reader(thd.render()).document();
    std::vector<std::string> tl;
    for (const auto* t : find_all(*group_with_class(*troot, "y-ticks"), "text")) tl.push_back(t->text);
    CHECK(tl == std::vector<std::string>{"0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10"});

    io::plot_options bad = io::impedance_plot_options();
    bad.y.min = 0;
    CHECK_THROWS_WITH(io::svg_plot(bad), Contains("y axis limit") && Contains("> 0"));
    CHECK_THROWS_WITH(io::svg_plot().add_curve("x", f, z).add_curve("y", f, std::vector<double>{1}), Contains("y.size()"));
}

TEST_CASE("text from files cannot break the SVG or the HTML", "[io][plot][report]") {
    // A CP949 header name (invalid as UTF-8), control bytes and markup.
    const std::string nasty = "\xb8\xb6\xc0\xcc\xc5\xa9 <b>&\"'\x01 L";
    io::svg_plot plot(io::frequency_response_plot_options(nasty));
    plot.add_curve(nasty, std::vector<double>{100, 1000}, std::vector<double>{0, 1});
    CHECK_NOTHROW(xml_reader(plot.render()).document());

    io::html_report report(nasty);
    report.heading("Responses").paragraph(nasty).svg(plot.render(), nasty)
        .key_value_table({{"score", "87.1"}, {nasty, "<x>"}}, "Summary")
        .table({"frequency", "spl_db"}, {{"1000", "0"}, {"2000"}}, "Rows")
        .preformatted("a < b && c");
    const std::string page = report.render();
    CHECK(page.rfind("<!DOCTYPE html>\n", 0) == 0);
    const auto body = page.substr(page.find("<html"));
    const auto root = xml_reader(body).document(); // our HTML is also well-formed XML (meta tags aside)
    CHECK(root->name == "html");
    CHECK(find_all(*root, "svg").size() == 1);
    CHECK(find_all(*root, "table").size() == 2);
    CHECK(find_all(*root, "td").size() == 6); // 2 key/value + 2×2 table cells (short row padded)
    CHECK_THAT(page, Contains("a &lt; b &amp;&amp; c"));
}
