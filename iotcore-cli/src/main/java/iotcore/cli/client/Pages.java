package iotcore.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Follows {@code nextPageToken} so list commands show everything up to {@code --limit}, as yc does. */
public final class Pages {

    private static final int MAX_PAGE_SIZE = 1000;

    private Pages() {
    }

    /**
     * @param field the array in each page ({@code registries}, {@code devices}, {@code aliases})
     * @param limit at most this many items; 0 or less means no limit
     */
    public static List<JsonNode> collect(ApiClient api, String path, Map<String, String> query, String field, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String token = "";
        do {
            int wanted = limit > 0 ? Math.min(MAX_PAGE_SIZE, limit - items.size()) : MAX_PAGE_SIZE;
            Map<String, String> pageQuery = new LinkedHashMap<>(query);
            pageQuery.put("pageSize", Integer.toString(wanted));
            pageQuery.put("pageToken", token);
            JsonNode page = api.get(path, pageQuery);
            page.path(field).forEach(items::add);
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty() && (limit <= 0 || items.size() < limit));
        return limit > 0 && items.size() > limit ? items.subList(0, limit) : items;
    }
}
