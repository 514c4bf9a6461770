window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1846000000000000004"
          ],
          "editableUntil" : "2024-10-15T09:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Biblioteca",
            "screen_name" : "bibliolavapies",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "900000001",
            "id" : "900000001"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "60"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1846000000000000003",
      "id_str" : "1846000000000000004",
      "in_reply_to_user_id" : "900000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1846000000000000004",
      "in_reply_to_status_id" : "1846000000000000003",
      "created_at" : "Tue Oct 15 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@bibliolavapies (2/2) Y el sábado, taller de cómic &amp; fanzine.",
      "lang" : "es",
      "in_reply_to_screen_name" : "bibliolavapies",
      "in_reply_to_user_id_str" : "900000001"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "bibliotecas",
            "indices" : [
              "40",
              "52"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/bibliolavapies/status/1846000000000000003/photo/1",
            "indices" : [
              "53",
              "76"
            ],
            "url" : "https://t.co/AbCdEf",
            "media_url" : "http://pbs.twimg.com/media/x.jpg",
            "id_str" : "1846000000000000100",
            "id" : "1846000000000000100",
            "media_url_https" : "https://pbs.twimg.com/media/x.jpg",
            "sizes" : {
              "small" : {
                "w" : "680",
                "h" : "453",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/AbCdEf"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/bibliolavapies/status/1846000000000000003/photo/1",
            "type" : "photo",
            "id_str" : "1846000000000000100",
            "id" : "1846000000000000100",
            "media_url_https" : "https://pbs.twimg.com/media/x.jpg"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "52"
      ],
      "favorite_count" : "14",
      "id_str" : "1846000000000000003",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1846000000000000003",
      "created_at" : "Tue Oct 15 08:58:40 +0000 2024",
      "favorited" : false,
      "full_text" : "(1/2) Esta semana en la biblioteca: cómic #bibliotecas https://t.co/AbCdEf",
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Gus",
            "screen_name" : "gus",
            "indices" : [
              "3",
              "7"
            ],
            "id_str" : "12",
            "id" : "12"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "40"
      ],
      "favorite_count" : "0",
      "id_str" : "1845000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1845000000000000002",
      "created_at" : "Sat Oct 12 18:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @gus: Una cita de Borges cada día.",
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/xyz",
            "expanded_url" : "https://biblio.example/horario",
            "display_url" : "biblio.example/horario",
            "indices" : [
              "30",
              "53"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "53"
      ],
      "favorite_count" : "3",
      "id_str" : "1844000000000000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1844000000000000001",
      "created_at" : "Sun Oct 27 01:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Nuevo horario de invierno aquí: https://t.co/xyz",
      "lang" : "es"
    }
  }
]