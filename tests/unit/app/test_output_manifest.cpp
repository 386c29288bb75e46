// The manifest of an output folder claims only files its run can have written, and removes only those of the
// previous manifest that are not written again.
#include <iemlab/app/output_manifest.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace iemlab;

TEST_CASE("output manifest: a file saved by someone else during the run is never claimed or removed", "[app][manifest]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "iemlab_test_manifest";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto touch = [&](const char* name) { std::ofstream(dir / name) << name; };
    {
        app::output_folder_run run(dir);
        touch("A.csv");
        touch("A thd.csv");
        touch("report.html");
        touch("notes.txt");   // the user's, saved during the run
        touch("Another.csv"); // starts with the stem but is not "A " or "A."
        run.finish({"A"}, {"report.html"});
    }
    {
        app::output_folder_run run(dir);
        touch("A.csv"); // no THD this time
        touch("report.html");
        const auto removed = run.finish({"A"}, {"report.html"});
        REQUIRE(removed.size() == 1);
        CHECK(removed[0] == "A thd.csv");
    }
    CHECK(fs::exists(dir / "notes.txt"));
    CHECK(fs::exists(dir / "Another.csv"));
    CHECK_FALSE(fs::exists(dir / "A thd.csv"));
    fs::remove_all(dir);
}
