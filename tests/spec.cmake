# Spec tables (tests/spec/*.tsv) that depend on other engineers' extractors run as their own
# tests, so dates and numbers (unit.test_spec, no arguments) pass or fail independently.
foreach(table statuses totals)
  add_test(NAME spec.${table} COMMAND test_spec ${table})
  set_tests_properties(spec.${table} PROPERTIES
    ENVIRONMENT "ZG_SOURCE_DIR=${CMAKE_SOURCE_DIR};ZG_SHARED_DIR=${CMAKE_SOURCE_DIR}/../shared"
    SKIP_RETURN_CODE 77)
endforeach()
