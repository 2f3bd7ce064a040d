# The layering of the core, checked on every build: a source file of a layer may include the private
# headers (src/<layer>/…) and the public headers (include/exportctl/…) of its own layer and of the
# layers it builds on, and nothing above. An include against the direction stops the build, naming
# the file and the line. Tests beside the code (*_test.cc) may include what they test with.
# Included from CMakeLists.txt it adds the step (target `check_layers`, which the core depends on);
# the step runs this file as a script: cmake -DPROJECT_SOURCE_DIR=… -DSTAMP=… -P CheckLayers.cmake
#
#   common ← catalog ← rules ← check          common ← screen          common ← ledger
#   {catalog, rules, check, screen, ledger} ← app (the service layer) ← lab ← cli/, server/
if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)  # the policies of the project (IN_LIST)
endif()
set(_layers_below_common "")
set(_layers_below_catalog common)
set(_layers_below_rules common catalog)
set(_layers_below_check common catalog rules)
set(_layers_below_screen common)
set(_layers_below_ledger common)
set(_layers_below_app common catalog rules check screen ledger)
set(_layers_below_lab common catalog rules check screen ledger app)
set(_layers_below_server common catalog rules check screen ledger app lab)

# The layer that implements each public header.
set(_owner_of_date.h common)
set(_owner_of_error.h common)
set(_owner_of_catalog.h catalog)
set(_owner_of_metrics.h catalog)
set(_owner_of_rules.h rules)
set(_owner_of_classify.h rules)
set(_owner_of_check.h check)
set(_owner_of_countries.h check)
set(_owner_of_screen.h screen)
set(_owner_of_ledger.h ledger)
set(_owner_of_engine.h app)
set(_owner_of_lab.h lab)

function(exportctl_check_layers)
  set(violations "")
  foreach(layer common catalog rules check screen ledger app lab server)
    set(allowed ${layer} ${_layers_below_${layer}})
    if(layer STREQUAL "server")
      set(dir ${PROJECT_SOURCE_DIR}/server)
    else()
      set(dir ${PROJECT_SOURCE_DIR}/src/${layer})
    endif()
    file(GLOB sources ${dir}/*.cc ${dir}/*.h)
    foreach(source ${sources})
      if(source MATCHES "_test\\.cc$")
        continue()
      endif()
      file(STRINGS ${source} lines REGEX "^#include \"")
      foreach(line ${lines})
        set(target "")
        if(line MATCHES "^#include \"exportctl/([a-z_]+\\.h)\"")
          set(header ${CMAKE_MATCH_1})
          if(NOT DEFINED _owner_of_${header})
            list(APPEND violations "${source}: public header exportctl/${header} has no layer in cmake/CheckLayers.cmake")
            continue()
          endif()
          set(target ${_owner_of_${header}})
        elseif(line MATCHES "^#include \"(common|catalog|rules|check|screen|ledger|app|lab|cli|server)/")
          set(target ${CMAKE_MATCH_1})
        endif()
        if(target STREQUAL "" OR target IN_LIST allowed)
          continue()
        endif()
        file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${source})
        list(APPEND violations "${rel}: `${line}` reaches up from layer `${layer}` into `${target}`")
      endforeach()
    endforeach()
  endforeach()
  if(violations)
    list(JOIN violations "\n  " message)
    message(FATAL_ERROR "Includes against the layering (cmake/CheckLayers.cmake):\n  ${message}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  exportctl_check_layers()
  file(TOUCH ${STAMP})
else()
  file(GLOB_RECURSE _layer_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/*.cc ${PROJECT_SOURCE_DIR}/src/*.h
       ${PROJECT_SOURCE_DIR}/server/*.cc ${PROJECT_SOURCE_DIR}/server/*.h)
  set(_stamp ${CMAKE_BINARY_DIR}/check_layers.stamp)
  add_custom_command(OUTPUT ${_stamp}
                     COMMAND ${CMAKE_COMMAND} -DPROJECT_SOURCE_DIR=${PROJECT_SOURCE_DIR} -DSTAMP=${_stamp}
                             -P ${CMAKE_CURRENT_LIST_FILE}
                     DEPENDS ${_layer_sources} ${CMAKE_CURRENT_LIST_FILE}
                     COMMENT "Checking the layering of includes")
  add_custom_target(check_layers DEPENDS ${_stamp})
endif()
