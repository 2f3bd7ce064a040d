# EXPORTCTL_SANITIZE=ON builds every target with AddressSanitizer and UndefinedBehaviorSanitizer.
# -O1 keeps stack traces exact while running the test suite several times faster than -O0.
if(EXPORTCTL_SANITIZE)
  add_compile_options(-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
