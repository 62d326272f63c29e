"""The fault suite (bin/faults): Lovage workers against a RabbitMQ node and a Redis of its own, under faults."""
