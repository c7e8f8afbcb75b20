# The facts of the real seed notice ../shared/corpus-dev/d001.txt (issue 2), read from zhenggai's JSON.
# Skips (77) when ../shared is absent.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME d001.facts
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/d001_check.py $<TARGET_FILE:zhenggai>
                 ${CMAKE_SOURCE_DIR}/rules ${CMAKE_SOURCE_DIR}/../shared)
set_tests_properties(d001.facts PROPERTIES SKIP_RETURN_CODE 77)
