# grantcheck_module(<name> SOURCES ... [DEPS ...] [EXTERNAL ...] [TESTS ...])
# One static library per module. DEPS are other grantcheck_* modules: the allowed dependency
# edges of STYLE.md's table. EXTERNAL are third-party targets used only in the module's .cpp files.
function(grantcheck_module name)
  cmake_parse_arguments(ARG "PG_TESTS" "" "SOURCES;DEPS;EXTERNAL;PUBLIC_EXTERNAL;TESTS" ${ARGN})
  add_library(grantcheck_${name} STATIC ${ARG_SOURCES})
  target_include_directories(grantcheck_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(grantcheck_${name}
    PUBLIC ${ARG_DEPS} ${ARG_PUBLIC_EXTERNAL}
    PRIVATE ${ARG_EXTERNAL} grantcheck_warnings)
  if(GRANTCHECK_BUILD_TESTS AND ARG_TESTS)
    add_executable(grantcheck_${name}_tests ${ARG_TESTS})
    target_link_libraries(grantcheck_${name}_tests
      PRIVATE grantcheck_${name} ${ARG_EXTERNAL} grantcheck_test_support GTest::gmock GTest::gtest_main
              grantcheck_warnings)
    gtest_discover_tests(grantcheck_${name}_tests
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      PROPERTIES ENVIRONMENT "GRANTCHECK_SOURCE_DIR=${PROJECT_SOURCE_DIR};GRANTCHECK_ATLAS=${GRANTCHECK_ATLAS_PATH}")
    if(ARG_PG_TESTS)
      target_link_libraries(grantcheck_${name}_tests PRIVATE grantcheck_test_store)
      grantcheck_discover_pg_tests(grantcheck_${name}_tests)
    endif()
  endif()
endfunction()

# The tests of a binary that uses tests/support/test_store.hpp, once more on PostgreSQL: named
# with the suffix ".pg", run in the throwaway cluster of the `pg` fixture. One variable says
# both the backend and the cluster: gtest_discover_tests passes its PROPERTIES as a flat list,
# so an ENVIRONMENT of several entries keeps only the first (the source and atlas paths have
# compiled-in defaults for that reason).
function(grantcheck_discover_pg_tests target)
  gtest_discover_tests(${target}
    TEST_SUFFIX ".pg"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES
      ENVIRONMENT "GRANTCHECK_TEST_PG_DSN_FILE=${GRANTCHECK_PG_STATE}/dsn"
      FIXTURES_REQUIRED pg)
endfunction()

# grantcheck_embed(<target> <namespace> FILES <file>...)
# Generates a .cpp that holds the files' bytes, so the binary serves its templates and styles
# itself. Lookup: grantcheck::<namespace>::EmbeddedFile("name") -> std::optional<std::string_view>.
function(grantcheck_embed out_var ns)
  cmake_parse_arguments(ARG "" "BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DBASE=${ARG_BASE} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    COMMENT "Embedding ${ns} files"
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()

# grantcheck_node_test(<name> <file> <timeout> [PG | PG_ONLY])
# A Node test (node --test <file>) of the real binary; with PG, once more as <name>_pg over the
# throwaway PostgreSQL cluster of the `pg` fixture (tests/support/server.mjs reads the cluster's
# DSN from GRANTCHECK_TEST_PG_DSN_FILE); with PG_ONLY, only that.
function(grantcheck_node_test name file timeout)
  cmake_parse_arguments(ARG "PG;PG_ONLY" "" "" ${ARGN})
  set(env "GRANTCHECK_BIN=$<TARGET_FILE:grantcheck>;GRANTCHECK_SOURCE_DIR=${PROJECT_SOURCE_DIR};GRANTCHECK_ARTIFACTS=${PROJECT_BINARY_DIR}/test-artifacts")
  if(NOT ARG_PG_ONLY)
    add_test(NAME ${name} COMMAND node --test ${file} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${timeout})
  endif()
  if(ARG_PG OR ARG_PG_ONLY)
    add_test(NAME ${name}_pg COMMAND node --test ${file} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(${name}_pg PROPERTIES
      ENVIRONMENT "${env};GRANTCHECK_TEST_PG_DSN_FILE=${GRANTCHECK_PG_STATE}/dsn"
      TIMEOUT ${timeout}
      FIXTURES_REQUIRED pg)
  endif()
endfunction()
