# EXPORTCTL_SANITIZE=ON builds every target with AddressSanitizer and UndefinedBehaviorSanitizer.
# -O1 keeps stack traces exact while running the test suite several times faster than -O0.
# EXPORTCTL_BUILD_FUZZ=ON (clang) also instruments every target for libFuzzer coverage, so the
# fuzzers see the parsers inside the core library; tests link the same objects unchanged.
if(EXPORTCTL_SANITIZE)
  add_compile_options(-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(EXPORTCTL_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "EXPORTCTL_BUILD_FUZZ needs clang (libFuzzer); configure with the `asan` preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
