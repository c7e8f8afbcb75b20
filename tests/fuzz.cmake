# Fuzz harnesses (tests/fuzz). With -DZG_FUZZ=ON (clang): libFuzzer targets run for
# ZG_FUZZ_SECONDS each as tests. Otherwise: the same harnesses replay the seeds and every saved
# crash reproducer (tests/fuzz/regress/) once, in every build, sanitizer builds included.
set(ZG_FUZZ_SECONDS 60 CACHE STRING "seconds per fuzz target in the test suite")
set(ZG_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(ZG_FUZZ_SEEDS_extract ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_CURRENT_SOURCE_DIR}/bad ${ZG_FUZZ_DIR}/regress/extract)
set(ZG_FUZZ_SEEDS_rules ${CMAKE_SOURCE_DIR}/rules ${ZG_FUZZ_DIR}/regress/rules)
set(ZG_FUZZ_SEEDS_values ${CMAKE_CURRENT_SOURCE_DIR}/spec ${ZG_FUZZ_DIR}/regress/values)
foreach(t extract rules values)
  if(ZG_FUZZ)
    add_executable(fuzz_${t} ${ZG_FUZZ_DIR}/fuzz_${t}.c)
    target_include_directories(fuzz_${t} PRIVATE ${CMAKE_SOURCE_DIR}/src/lib)
    target_link_libraries(fuzz_${t} PRIVATE libzhenggai)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    add_test(NAME fuzz.${t}
             COMMAND ${ZG_FUZZ_DIR}/run_fuzz.sh $<TARGET_FILE:fuzz_${t}> ${ZG_FUZZ_SECONDS}
                     ${CMAKE_BINARY_DIR}/fuzz-work/${t} ${ZG_FUZZ_DIR}/zhenggai.dict ${ZG_FUZZ_SEEDS_${t}})
    set_tests_properties(fuzz.${t} PROPERTIES ENVIRONMENT "ZHENGGAI_RULES=${CMAKE_SOURCE_DIR}/rules"
                         TIMEOUT 900)
  else()
    add_executable(replay_${t} ${ZG_FUZZ_DIR}/fuzz_${t}.c ${ZG_FUZZ_DIR}/replay_main.c)
    target_include_directories(replay_${t} PRIVATE ${CMAKE_SOURCE_DIR}/src/lib)
    target_link_libraries(replay_${t} PRIVATE libzhenggai)
    add_test(NAME fuzz-replay.${t} COMMAND replay_${t} ${ZG_FUZZ_SEEDS_${t}})
    set_tests_properties(fuzz-replay.${t} PROPERTIES ENVIRONMENT "ZHENGGAI_RULES=${CMAKE_SOURCE_DIR}/rules")
  endif()
endforeach()
