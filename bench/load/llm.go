package main

import (
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
)

// llmConfig points the server at the scripted model: no key (loopback), no retries.
func llmConfig(baseURL string) llm.Config {
	return llm.Config{BaseURL: baseURL, Model: "scripted", Timeout: 10 * time.Second}
}
