# The published schemas (schema/record.schema.json, schema/record.rng) against real output: every
# notice of corpus/, of ../shared/corpus-dev (skipped, 77, when absent) and the hostile inputs of
# tests/bad (error records) rendered by the CLI in JSON and XML; and the spans of every record.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

# /usr/bin/python3 carries the Debian python3-jsonschema module
find_program(ZG_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT ZG_SYSTEM_PYTHON)
  set(ZG_SYSTEM_PYTHON ${Python3_EXECUTABLE})
endif()

set(ZG_CHECK_RECORDS ${ZG_SYSTEM_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/check_records.py
    --zhenggai $<TARGET_FILE:zhenggai> --rules ${CMAKE_SOURCE_DIR}/rules
    --schema-dir ${CMAKE_SOURCE_DIR}/schema)

add_test(NAME schema.selftest COMMAND ${ZG_CHECK_RECORDS} selftest)
foreach(mode json xml spans)
  add_test(NAME schema.${mode}.corpus COMMAND ${ZG_CHECK_RECORDS} ${mode} ${CMAKE_SOURCE_DIR}/corpus)
  add_test(NAME schema.${mode}.corpus-dev
           COMMAND ${ZG_CHECK_RECORDS} ${mode} ${CMAKE_SOURCE_DIR}/../shared/corpus-dev)
  set_tests_properties(schema.${mode}.corpus schema.${mode}.corpus-dev PROPERTIES
                       SKIP_RETURN_CODE 77 LABELS schema)
endforeach()
foreach(mode json xml spans)
  add_test(NAME schema.${mode}.bad-inputs
           COMMAND ${ZG_CHECK_RECORDS} ${mode} ${CMAKE_CURRENT_SOURCE_DIR}/bad)
  set_tests_properties(schema.${mode}.bad-inputs PROPERTIES SKIP_RETURN_CODE 77 LABELS schema)
endforeach()
set_tests_properties(schema.selftest PROPERTIES LABELS schema)

# the XML form, read back by the mapping rules of docs/record.md, equals the JSON form
foreach(corpus corpus ../shared/corpus-dev)
  get_filename_component(name ${corpus} NAME)
  add_test(NAME schema.mirror.${name}
           COMMAND ${ZG_CHECK_RECORDS} mirror ${CMAKE_SOURCE_DIR}/${corpus})
  set_tests_properties(schema.mirror.${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS schema)
endforeach()
