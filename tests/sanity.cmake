# Record parts the gold files do not score: an issue's progress statement and measures never reach
# into the signature or the contact block (corpus/ and, when present, ../shared/corpus-dev).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME sanity.closing-parts
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/record_sanity.py $<TARGET_FILE:zhenggai>
                 ${CMAKE_SOURCE_DIR}/rules ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_SOURCE_DIR}/../shared/corpus-dev)
set_tests_properties(sanity.closing-parts PROPERTIES SKIP_RETURN_CODE 77)

# Every diagnostic code the library emits is documented in docs/record.md, with its severity.
add_test(NAME sanity.diagnostic-codes
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/diag_codes_documented.py ${CMAKE_SOURCE_DIR})
