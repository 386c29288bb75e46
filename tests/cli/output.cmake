# The one output rule every writer shares (io/atomic_file.hpp; docs/cli.md "Output files"): symlinks written
# through, FIFOs and devices in place, `-o -` to standard output, directories refused.
add_test(NAME cli.output-targets COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/output_targets.sh ${cli} ${out}/output-targets)
set_tests_properties(cli.output-targets PROPERTIES PASS_REGULAR_EXPRESSION "^ok: ")
