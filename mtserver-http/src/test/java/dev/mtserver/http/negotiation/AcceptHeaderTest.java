package dev.mtserver.http.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptHeaderTest {

  @ParameterizedTest(name = "Accept: {0} -> json={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | true",
        "application/json, text/plain, */* | true",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | false",
        "*/* | false",
        "'' | false",
        "text/html;q=0.5, application/json | true",
        "application/json;q=0.4, text/html;q=0.5 | false",
        "application/* | true",
        "application/json;q=0 | false",
        "APPLICATION/JSON | true"
      })
  void chooses_json_only_when_the_client_prefers_it(String accept, boolean json) {
    HttpFields headers = new HttpFields();
    if (!accept.isEmpty()) {
      headers.add("Accept", accept);
    }
    assertThat(AcceptHeader.prefersJson(headers)).isEqualTo(json);
  }
}
