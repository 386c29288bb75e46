// The one output rule (io/atomic_file.hpp): regular files and symlinks to them replaced atomically through the
// link, character devices written in place, "-" is standard output, directories refused, nothing partial left.
// The expected facts come from the file system (lstat through std::filesystem), not from the code under test.
#include <iemlab/io/atomic_file.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace iemlab;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
    io::write_file_atomically(p, [&](std::ostream& os) { os << text; });
}

} // namespace

TEST_CASE("write_file_atomically writes through symlinks and keeps them", "[io][atomic_file]") {
    const fs::path dir = fs::temp_directory_path() / "iemlab-atomic-file-test";
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "sub" / "real.csv") << "old\n";
    fs::permissions(dir / "sub" / "real.csv", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    fs::create_symlink("sub/real.csv", dir / "link.csv");    // relative link
    fs::create_symlink(dir / "link.csv", dir / "link2.csv"); // a chain of links
    write_text(dir / "link2.csv", "new\n");
    CHECK(fs::is_symlink(dir / "link.csv"));
    CHECK(fs::is_symlink(dir / "link2.csv"));
    CHECK(slurp(dir / "sub" / "real.csv") == "new\n");
    CHECK(fs::status(dir / "sub" / "real.csv").permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read)); // the mode is kept

    fs::create_symlink("made.csv", dir / "dangling.csv"); // a dangling link creates its target
    write_text(dir / "dangling.csv", "x\n");
    CHECK(fs::is_symlink(dir / "dangling.csv"));
    CHECK(slurp(dir / "made.csv") == "x\n");

    // A failing writer leaves the target as it was and no temporary file.
    CHECK_THROWS_AS(io::write_file_atomically(dir / "link.csv",
                                              [](std::ostream& os) {
                                                  os << "half";
                                                  throw std::runtime_error("writer failed");
                                              }),
                    std::runtime_error);
    CHECK(slurp(dir / "sub" / "real.csv") == "new\n");
    for (const auto& e : fs::recursive_directory_iterator(dir))
        CHECK(e.path().filename().string().find(".partial") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("write_file_atomically: devices in place, '-' is stdout, directories refused", "[io][atomic_file]") {
    CHECK(io::resolve_output("-").kind == io::output_kind::standard_output);
    CHECK(io::resolve_output("/dev/null").kind == io::output_kind::direct);
    write_text("/dev/null", "discarded\n"); // a character device is opened, not replaced
    CHECK(fs::is_character_file("/dev/null"));

    const fs::path dir = fs::temp_directory_path() / "iemlab-atomic-file-dir";
    fs::remove_all(dir);
    fs::create_directories(dir);
    CHECK_THROWS_WITH(write_text(dir, "x"), Contains("is a directory"));
    CHECK(fs::is_directory(dir));
    fs::create_symlink(dir, dir.string() + "-link");
    CHECK_THROWS_WITH(write_text(dir.string() + "-link", "x"), Contains("is a directory"));
    CHECK(fs::is_symlink(dir.string() + "-link"));
    fs::remove(dir.string() + "-link");
    fs::create_symlink("loop-b", dir / "loop-a");
    fs::create_symlink("loop-a", dir / "loop-b");
    CHECK_THROWS_WITH(write_text(dir / "loop-a", "x"), Contains("symbolic links"));
    fs::remove_all(dir);
}
