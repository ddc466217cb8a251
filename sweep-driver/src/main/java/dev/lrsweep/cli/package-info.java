/** The {@code sweep} command line: {@code run}, {@code plan}, {@code report}, {@code schedule}. */
package dev.lrsweep.cli;
