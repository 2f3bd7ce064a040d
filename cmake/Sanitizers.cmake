# EXPORTCTL_SANITIZE=ON builds every target with AddressSanitizer and UndefinedBehaviorSanitizer.
if(EXPORTCTL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
