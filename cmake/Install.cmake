# `cmake --install BUILD --prefix P` lays out P/bin/exportctl and P/share/exportctl/{data, web,
# openapi.json, cases} (found by the binary relative to itself: cli/install_paths.h), the manual
# page and the bash completion generated from the command definitions; `cpack` (in the build
# directory) makes a Debian package of the same tree.
include(GNUInstallDirs)

set(EXPORTCTL_GENERATED "${PROJECT_BINARY_DIR}/generated")
add_custom_command(
  OUTPUT "${EXPORTCTL_GENERATED}/exportctl.1" "${EXPORTCTL_GENERATED}/exportctl.bash"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${EXPORTCTL_GENERATED}"
  COMMAND exportctl manpage > "${EXPORTCTL_GENERATED}/exportctl.1"
  COMMAND exportctl completion bash > "${EXPORTCTL_GENERATED}/exportctl.bash"
  DEPENDS exportctl
  COMMENT "Generating the manual page and the bash completion from the command definitions"
  VERBATIM)
add_custom_target(exportctl_docs ALL DEPENDS "${EXPORTCTL_GENERATED}/exportctl.1" "${EXPORTCTL_GENERATED}/exportctl.bash")

install(TARGETS exportctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/" DESTINATION ${CMAKE_INSTALL_DATADIR}/exportctl/data)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/tests/cases/" DESTINATION ${CMAKE_INSTALL_DATADIR}/exportctl/cases)
install(FILES "${PROJECT_SOURCE_DIR}/server/openapi.json" DESTINATION ${CMAKE_INSTALL_DATADIR}/exportctl)
# The web front end when it has been built (npm; the exportctl_web target).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/web/dist/" DESTINATION ${CMAKE_INSTALL_DATADIR}/exportctl/web OPTIONAL)
install(FILES "${EXPORTCTL_GENERATED}/exportctl.1" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES "${EXPORTCTL_GENERATED}/exportctl.bash" DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME exportctl)

set(CPACK_PACKAGE_NAME exportctl)
set(CPACK_PACKAGE_VENDOR "exportctl")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Export-control compliance engine for AI accelerator chips")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "exportctl maintainers <exportctl@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dependencies from the binary's shared libraries (dpkg-shlibdeps)
set(CPACK_STRIP_FILES ON)
include(CPack)
