# Allocation-failure test: the library's allocations are wrapped so that the Nth one fails.
add_executable(test_alloc_fail ${CMAKE_CURRENT_SOURCE_DIR}/alloc/test_alloc_fail.c)
target_link_libraries(test_alloc_fail PRIVATE libzhenggai)
target_link_options(test_alloc_fail PRIVATE -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)
add_test(NAME alloc.fail-every-allocation COMMAND test_alloc_fail)
set_tests_properties(alloc.fail-every-allocation PROPERTIES
  ENVIRONMENT "ZHENGGAI_RULES=${CMAKE_SOURCE_DIR}/rules" TIMEOUT 600)
