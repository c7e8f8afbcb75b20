# CLI tests: every tests/cli/test_*.sh runs against the built zhenggai binary (bash + python3).
file(GLOB ZG_CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_*.sh)
foreach(script ${ZG_CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "^test_" "" name ${name})
  add_test(NAME cli.${name} COMMAND bash ${script})
  set_tests_properties(cli.${name} PROPERTIES
    ENVIRONMENT "ZHENGGAI=$<TARGET_FILE:zhenggai>;ZG_SOURCE_DIR=${CMAKE_SOURCE_DIR};ZG_SHARED_DIR=${CMAKE_SOURCE_DIR}/../shared"
    SKIP_RETURN_CODE 77
    TIMEOUT 300)
endforeach()

# The benchmark's baseline: one PCRE2 JIT pass of the heading markers (used by tools/bench).
add_executable(zg_bench_markers ${CMAKE_SOURCE_DIR}/tools/bench_markers.c)
target_link_libraries(zg_bench_markers PRIVATE PkgConfig::PCRE2)
