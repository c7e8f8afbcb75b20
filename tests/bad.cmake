# Hostile and broken inputs (tests/bad/EXPECTED.tsv): each gets its exit code, message or diagnostic.
add_test(NAME bad.inputs
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/bad/run_bad.py $<TARGET_FILE:zhenggai>
                 ${CMAKE_SOURCE_DIR}/rules ${CMAKE_BINARY_DIR}/bad-work)
set_tests_properties(bad.inputs PROPERTIES TIMEOUT 900 LABELS bad)
