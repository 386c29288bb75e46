# Warning flags for iemlab's own code; third-party headers come in as system includes.
add_library(iemlab_warnings INTERFACE)
target_compile_options(iemlab_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                       -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference)

# lld links the test and app binaries several times faster than bfd on 2 cores.
find_program(IEMLAB_LLD ld.lld)
if(IEMLAB_LLD)
  add_link_options(-fuse-ld=lld)
endif()
