/** The service's configuration: YAML with environment substitution, validated into records. */
package dev.iqmon.config;
