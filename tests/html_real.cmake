# The HTML loader on real crawled pages (../shared/html-real): expected phrases present, furniture
# absent. Skipped (exit 77) when the folder is absent.
add_executable(html_real_check ${CMAKE_CURRENT_SOURCE_DIR}/tools/html_real_check.c)
target_include_directories(html_real_check PRIVATE ${CMAKE_SOURCE_DIR}/src/lib)
target_link_libraries(html_real_check PRIVATE libzhenggai)
add_test(NAME html_real COMMAND html_real_check ${CMAKE_SOURCE_DIR}/rules/html.rules
         ${CMAKE_SOURCE_DIR}/../shared/html-real)
set_tests_properties(html_real PROPERTIES SKIP_RETURN_CODE 77)

# No real page is a rectification notice: none may yield a problem (html_real_issues.py).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME html_real.no-problems
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/html_real_issues.py $<TARGET_FILE:zhenggai>
                 ${CMAKE_SOURCE_DIR}/rules ${CMAKE_SOURCE_DIR}/../shared/html-real)
set_tests_properties(html_real.no-problems PROPERTIES SKIP_RETURN_CODE 77)
